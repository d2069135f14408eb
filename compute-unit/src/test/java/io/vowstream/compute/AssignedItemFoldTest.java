package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.DataItems;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Items assigned to a process (SU {@code Type: Assign}) are folded as ordinary messages. */
class AssignedItemFoldTest {
  final Schedules f = new Schedules();

  @Test
  void anAssignedMessageAndAnotherProcesssItemAreHandledAsMessagesNotAsTheBoot() {
    DataItem p = f.counter(5);
    DataItem q = f.counter(100);
    Schedules.Chain c = f.chain(p);
    String qid = DataItems.id(q);
    DataItem toQ = f.message(qid, "Action", "Increment");
    f.send(0, c.boot(p));
    f.send(0, c.msg(toQ)); // a message for q, assigned to p
    f.send(0, c.msg(q)); // q's Process item, assigned to p at nonce 2
    f.send(0, c.msg(f.message(c.pid, "Action", "Increment")));
    f.driver.commit();

    List<Result> results = f.results(c.pid);
    assertThat(results).extracting(Result::getNonce).containsExactly(0L, 1L, 2L, 3L);
    // Handed to the module marked as assigned; counter@1 refuses what was not sent to it.
    assertThat(results.get(1).getMessageId()).isEqualTo(DataItems.id(toQ));
    assertThat(results.get(1).getError().getCode()).isEqualTo("ASSIGNMENT_REFUSED");
    // Not a second boot: handed to the module too, so the count is not reset.
    assertThat(results.get(2).getMessageId()).isEqualTo(qid);
    assertThat(results.get(2).getError().getCode()).isEqualTo("ASSIGNMENT_REFUSED");
    assertThat(results.get(3).getOutput()).isEqualTo("6");
    ProcessFold fold = f.fold(0, c.pid);
    assertThat(fold.moduleRef).isEqualTo("counter@1");
    assertThat(fold.owner).isEqualTo(Schedules.USER.address());
    assertThat(fold.halted).isFalse();
    assertThat(f.rejections()).isEmpty();
  }

  @Test
  void anAssignedUpgradeFromTheOwnerDoesNotUpgrade() {
    DataItem p = f.counter(0);
    DataItem q = f.counter(0);
    Schedules.Chain c = f.chain(p);
    f.send(0, c.boot(p));
    // The owner's upgrade meant for q, replayed onto p by an assignment.
    f.send(0, c.msg(f.message(DataItems.id(q), "Action", "Upgrade-Module", "Module", "token@1")));
    // The same request sent to p itself does upgrade (the control).
    f.send(0, c.msg(f.message(c.pid, "Action", "Upgrade-Module", "Module", "token@1")));
    f.driver.commit();

    List<Result> results = f.results(c.pid);
    assertThat(results.get(1).getError()).isNotNull();
    assertThat(results.get(1).getError().getCode()).isEqualTo("ASSIGNMENT_REFUSED");
    assertThat(results.get(2).getError()).isNull();
    assertThat(String.valueOf(results.get(2).getOutput())).startsWith("upgraded from counter@1 to token@1");
    assertThat(f.fold(0, c.pid).moduleRef).isEqualTo("token@1");
  }

  @Test
  void assignedIsToldFromTheItem() {
    DataItem p = f.counter(0);
    String pid = DataItems.id(p);
    assertThat(FoldProcessor.assigned(pid, f.message(pid, "Action", "Get"))).isFalse();
    assertThat(FoldProcessor.assigned(pid, f.message(DataItems.id(f.counter(1)), "Action", "Get"))).isTrue();
    assertThat(FoldProcessor.assigned(pid, f.counter(2))).isTrue();
  }
}
