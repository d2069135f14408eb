package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Cold folds and restore-then-replay folds agree, whatever the batches and checkpoint interval, and
 * for token transfers whose flows are suspended while the CU crashes (and transactions abort) at
 * random points: every result is committed exactly once, and each process ends in the same state
 * as one cold fold of its schedule, byte for byte.
 */
class FoldReplayPropertiesTest {

  @Property(tries = 50)
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
    restoredAgreesWithCold(g, c, records, crashAfter, batchSize);
  }

  /**
   * The same with crons (ao scenario 16 with scenario 15): ticks come from the schedule alone, so a
   * fold restored at any point evaluates exactly the ticks a cold fold does, writes none twice, and
   * ends in the same state. Each gap is the time (seconds) and block step before a message.
   */
  @Property(tries = 50)
  void withCronsRestoringAtAnyPointGivesTheColdTicksAndStateAndEachResultOnce(
      @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 0, max = 9) Integer> gaps,
      @ForAll @IntRange(min = 1, max = 4) int checkpointEvery,
      @ForAll @IntRange(min = 1, max = 4) int batchSize,
      @ForAll @IntRange(min = 0, max = 11) int crashAfter) {
    Schedules g = new Schedules(s -> Schedules.WITH_TICKS.apply(s).withCheckpointEvery(checkpointEvery));
    DataItem p = g.process("tick@1", "Cron-Interval", "3-seconds", "Cron-Tag-Action", "Tick",
        "Cron-Interval", "2-blocks", "Cron-Tag-Action", "Send", "Cron-Interval", "7-seconds", "Cron-Tag-Action", "Fail");
    Schedules.Chain c = g.chain(p);
    long t = 1_700_000_000_000L;
    long h = 500;
    List<InputRecord> records = new ArrayList<>();
    records.add(record(g, c, c.at(t, h).boot(p), 0));
    for (int gap : gaps) {
      t += gap * 1_000L + gap * 37L; // not always on a whole second
      h += gap % 4;
      records.add(record(g, c, c.at(t, h).msg(g.message(c.pid, "Action", "Note")), records.size()));
    }
    List<Result> coldResults = restoredAgreesWithCold(g, c, records, crashAfter, batchSize);
    assertThat(coldResults.stream().filter(r -> r.getCron() != null).count())
        .as("ticks of the whole schedule").isEqualTo(expectedTicks(t - 1_700_000_000_000L, h - 500));
  }

  /** Ticks of the three crons above between the boot and the last message, counted directly. */
  private static long expectedTicks(long elapsedMs, long blocks) {
    return elapsedMs / 3_000 + elapsedMs / 7_000 + blocks / 2;
  }

  /**
   * Commits the first {@code crashAfter} records in batches of {@code batchSize}, restores a new
   * processor from the state written and feeds it every record; the committed plus the replayed
   * results and the final state must equal one cold fold's. Returns the cold results.
   */
  private static List<Result> restoredAgreesWithCold(Schedules g, Schedules.Chain c, List<InputRecord> records,
      int crashAfter, int batchSize) {
    int committed = Math.min(crashAfter, records.size());
    for (int start = 0; start < committed; start += batchSize) {
      for (InputRecord r : records.subList(start, Math.min(committed, start + batchSize))) {
        g.driver.send(0, r.key(), r.value());
      }
      g.driver.commit();
    }
    FoldProcessor restored = g.newProcessor();
    restored.restore(0, g.driver.stateRecords(0));
    List<Result> replayed = g.decodeResults(restored.process(0, records));

    FoldProcessor cold = g.newProcessor();
    cold.restore(0, List.of());
    List<Result> coldResults = g.decodeResults(cold.process(0, records));

    List<Result> all = new ArrayList<>(g.results());
    all.addAll(replayed);
    assertThat(all).isEqualTo(coldResults);
    assertThat(restored.fold(0, c.pid).orElseThrow().snapshot())
        .isEqualTo(cold.fold(0, c.pid).orElseThrow().snapshot());
    return coldResults;
  }

  private static InputRecord record(Schedules g, Schedules.Chain c, io.vowstream.schemas.ScheduledItem s, int offset) {
    return new InputRecord(Schedules.ASSIGNMENTS, 0, offset, g.key.serializer().serialize(Schedules.ASSIGNMENTS, c.pid),
        g.encode(s), 0L, Map.of());
  }

  /** Transfers suspended across a crash, an abort of their acknowledgements, and a second crash. */
  @net.jqwik.api.Example
  void aFixedRunWithCrashesBetweenRequestAndAcknowledgement() {
    crashesWhileFlowsAreSuspendedChangeNoResultAndNoState(List.of(0, 4, 1, 8, 7, 9, 8, 7, 2, 8), 2, false);
  }

  /** The same with every checkpoint's zone split into 64-byte parts (and the state topic compacted). */
  @net.jqwik.api.Example
  void aFixedRunWithCrashesAndSplitCheckpoints() {
    crashesWhileFlowsAreSuspendedChangeNoResultAndNoState(List.of(0, 4, 1, 8, 7, 9, 8, 7, 2, 8), 2, true);
  }

  /**
   * Each step: 0-5 a transfer (from step % 3 to the next account, quantity step + 1), 6 a balance
   * query, 7 crank the messenger, 8 crash, 9 abort the pending transaction. With {@code
   * smallParts}, every checkpoint's zone is split into 64-byte parts (their number changes as flows
   * come and go, so later checkpoints delete parts), and every other crash compacts the state topic
   * first.
   */
  @Property(tries = 100)
  void crashesWhileFlowsAreSuspendedChangeNoResultAndNoState(
      @ForAll @Size(min = 1, max = 14) List<@IntRange(min = 0, max = 9) Integer> steps,
      @ForAll @IntRange(min = 1, max = 5) int checkpointEvery,
      @ForAll boolean smallParts) {
    Schedules g = new Schedules(s -> s.withCheckpointEvery(checkpointEvery), FoldObserver.NONE,
        smallParts ? 64 : Checkpoints.ZONE_PART_BYTES);
    Messenger mu = new Messenger(g);
    Schedules.Chain[] acc = {mu.spawn(g.token(50), 0), mu.spawn(g.token(50), 1), mu.spawn(g.token(50), 0)};
    g.driver.commit();
    int i = 0;
    for (int step : steps) {
      i++;
      if (step <= 5) {
        Schedules.Chain from = acc[step % 3];
        Schedules.Chain to = acc[(step + 1 + i % 2) % 3];
        mu.user(from.pid, "Action", "Transfer", "Recipient", to.pid, "Quantity", Integer.toString(1 + step));
      } else if (step == 6) {
        mu.user(acc[i % 3].pid, "Action", "Balance");
      } else if (step == 7) {
        g.driver.commit();
        mu.crank();
      } else if (step == 8) {
        if (smallParts && i % 2 == 0) {
          g.driver.compactState();
        }
        g.driver.crash();
      } else {
        g.driver.abort();
      }
      if (i % 3 == 0) {
        g.driver.commit();
      }
    }
    mu.settle();

    // every result exactly once, in nonce order per process
    Map<String, List<Result>> committed = byProcess(g.results());
    for (Schedules.Chain c : acc) {
      assertThat(committed.get(c.pid)).extracting(Result::getNonce)
          .containsExactlyElementsOf(java.util.stream.LongStream.range(0, c.nextNonce).boxed().toList());
    }
    // the same schedule folded cold, in one go
    FoldProcessor cold = g.newProcessor();
    List<Result> coldResults = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      int partition = p;
      cold.restore(p, List.of());
      List<InputRecord> log = g.sent.stream().filter(r -> r.partition() == partition).toList();
      coldResults.addAll(g.decodeResults(cold.process(p, log)));
    }
    assertThat(byProcess(coldResults)).isEqualTo(committed);
    long total = 0;
    for (Schedules.Chain c : acc) {
      int p = c == acc[1] ? 1 : 0;
      ProcessFold live = g.fold(p, c.pid);
      assertThat(live.snapshot()).isEqualTo(cold.fold(p, c.pid).orElseThrow().snapshot());
      assertThat(live.flowsByState()).isEmpty();
      total += TokenModule.number(live.state().get(TokenModule.BALANCE))
          + TokenModule.number(live.state().get(TokenModule.RESERVED));
    }
    assertThat(total).isEqualTo(150);
  }

  private static Map<String, List<Result>> byProcess(List<Result> results) {
    Map<String, List<Result>> out = new LinkedHashMap<>();
    results.forEach(r -> out.computeIfAbsent(r.getProcessId(), k -> new ArrayList<>()).add(r));
    return out;
  }
}
