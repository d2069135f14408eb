package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An evaluation whose output, messages and spawns would not fit in one result record fails as
 * {@code RESULT_TOO_LARGE} and keeps the previous state, instead of producing a record Kafka
 * refuses (which would fail every transaction of the partition).
 */
class LargeResultTest {
  final Schedules f = new Schedules(s -> s.withModules(ModuleRegistry.of(new BlobModule())));
  final DataItem process = f.process("blob@1");
  final Schedules.Chain c = f.chain(process);

  private DataItem echo(int bytes, int times) {
    return DataItems.sign(Schedules.USER, Base64Url.decode(c.pid), null, List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Message"), new Tag("Action", "Echo"), new Tag("Times", Integer.toString(times)),
        new Tag("Serial", Long.toString(c.nextNonce))), new byte[bytes]);
  }

  @Test
  void anEvaluationOverTheOutboxBudgetFailsAndKeepsTheState() {
    int third = EvalContext.MAX_OUTBOX_BYTES / 3;
    f.send(0, c.boot(process));
    f.send(0, c.msg(echo(third, 2)));
    f.send(0, c.msg(echo(third, 4)));
    f.send(0, c.msg(echo(10, 1)));
    f.driver.commit();

    List<Result> rs = f.results(c.pid);
    assertThat(rs).extracting(Result::getNonce).containsExactly(0L, 1L, 2L, 3L);
    assertThat(rs.get(1).getError()).isNull();
    assertThat(rs.get(1).getMessages()).hasSize(2);
    assertThat(rs.get(2).getError().getCode()).isEqualTo("RESULT_TOO_LARGE");
    assertThat(rs.get(2).getError().getMessage()).contains(Integer.toString(EvalContext.MAX_OUTBOX_BYTES));
    assertThat(rs.get(2).getMessages()).isEmpty();
    assertThat(rs.get(3).getError()).isNull();
    assertThat(f.fold(0, c.pid).state().keys()).as("the failed evaluation's blob was rolled back")
        .containsExactlyInAnyOrder("blob-1", "blob-3");
  }
}
