package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Cold folds and restore-then-replay folds agree, whatever the batches and checkpoint interval. */
class FoldReplayPropertiesTest {

  @Property(tries = 25)
  void restoringAtAnyPointAndReplayingGivesTheColdStateAndEachResultOnce(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 11) Integer> actions,
      @ForAll @IntRange(min = 1, max = 4) int checkpointEvery,
      @ForAll @IntRange(min = 1, max = 4) int batchSize,
      @ForAll @IntRange(min = 0, max = 13) int crashAfter) {
    Schedules g = new Schedules(s -> s.withCheckpointEvery(checkpointEvery));
    DataItem p = g.counter(1);
    Schedules.Chain c = g.chain(p);
    List<InputRecord> records = new ArrayList<>();
    records.add(record(g, c, c.boot(p), 0));
    for (int a : actions) {
      String[] tags = a < 9 ? new String[] {"Action", "Increment", "Quantity", Integer.toString(a)}
          : a == 9 ? new String[] {"Action", "Get"} : new String[] {"Action", "Dance"};
      records.add(record(g, c, c.msg(g.message(c.pid, tags)), records.size()));
    }
    int committed = Math.min(crashAfter, records.size());
    for (int start = 0; start < committed; start += batchSize) {
      for (InputRecord r : records.subList(start, Math.min(committed, start + batchSize))) {
        g.driver.send(0, r.key(), r.value());
      }
      g.driver.commit();
    }
    FoldProcessor restored = new FoldProcessor(g.settings);
    restored.restore(0, g.driver.stateRecords(0));
    List<Result> replayed = g.decodeResults(restored.process(0, records));

    FoldProcessor cold = new FoldProcessor(g.settings);
    cold.restore(0, List.of());
    List<Result> coldResults = g.decodeResults(cold.process(0, records));

    List<Result> all = new ArrayList<>(g.results());
    all.addAll(replayed);
    assertThat(all).isEqualTo(coldResults);
    assertThat(restored.fold(0, c.pid).orElseThrow().snapshot())
        .isEqualTo(cold.fold(0, c.pid).orElseThrow().snapshot());
  }

  private static InputRecord record(Schedules g, Schedules.Chain c, io.vowstream.schemas.ScheduledItem s, int offset) {
    return new InputRecord(Schedules.ASSIGNMENTS, 0, offset, g.key.serializer().serialize(Schedules.ASSIGNMENTS, c.pid),
        g.encode(s), 0L, Map.of());
  }
}
