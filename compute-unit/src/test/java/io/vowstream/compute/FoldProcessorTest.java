package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fold's rules through the broker-free stage driver. */
class FoldProcessorTest {
  final Schedules f = new Schedules();

  private static String output(Result r) {
    return String.valueOf(r.getOutput());
  }

  private static String errorCode(Result r) {
    return r.getError() == null ? "none" : r.getError().getCode();
  }

  @Test
  void bootSetsOwnerAndInitialCountThenMessagesFoldInNonceOrder() {
    DataItem process = f.counter(5);
    Schedules.Chain c = f.chain(process);
    DataItem inc1 = f.message(c.pid, "Action", "Increment");
    DataItem inc2 = f.message(c.pid, "Action", "Increment", "Quantity", "10");
    DataItem get = f.message(c.pid, "Action", "Get");
    f.send(0, c.boot(process));
    f.send(0, c.msg(inc1));
    f.send(0, c.msg(inc2));
    f.send(0, c.msg(get));
    f.driver.commit();

    List<Result> results = f.results(c.pid);
    assertThat(results).extracting(Result::getNonce).containsExactly(0L, 1L, 2L, 3L);
    assertThat(results).extracting(FoldProcessorTest::output)
        .containsExactly("booted with count 5", "6", "16", "16");
    assertThat(results).extracting(r -> r.getError()).containsOnlyNulls();
    assertThat(results.get(0).getMessageId()).isEqualTo(c.pid);
    assertThat(results.get(1).getMessageId()).isEqualTo(DataItems.id(inc1));
    assertThat(results.get(3).getMessages()).singleElement().satisfies(m -> {
      assertThat(m.getTarget()).isEqualTo(Schedules.USER.address());
      assertThat(Schedules.tags(m.getTags())).containsEntry("Count", "16").containsEntry("Action", "Count");
    });
    ProcessFold fold = f.fold(0, c.pid);
    assertThat(fold.state().get(CounterModule.OWNER)).isEqualTo(Schedules.USER.address());
    assertThat(fold.state().get(CounterModule.COUNT)).isEqualTo(16L);
    assertThat(fold.lastNonce).isEqualTo(3);
    assertThat(fold.halted).isFalse();
    assertThat(f.rejections()).isEmpty();
  }

  @Test
  void aBrokenChainHaltsOnlyThatProcess() {
    DataItem p1 = f.counter(0);
    DataItem p2 = f.counter(100);
    Schedules.Chain c1 = f.chain(p1);
    Schedules.Chain c2 = f.chain(p2);
    f.send(0, c1.boot(p1));
    f.send(0, c2.boot(p2));
    f.send(0, c1.msg(f.message(c1.pid, "Action", "Increment")));
    f.send(0, c1.next(f.message(c1.pid, "Action", "Increment"), null,
        a -> {
          a.setHashChain(c1.pid);
          return a;
        }));
    f.driver.commit();
    // later items of the halted process are not evaluated; the other process goes on
    DataItem late = f.message(c1.pid, "Action", "Increment");
    f.send(0, c1.next(late, DataItems.id(late)));
    f.send(0, c2.msg(f.message(c2.pid, "Action", "Increment")));
    f.driver.commit();

    assertThat(f.results(c1.pid)).extracting(FoldProcessorTest::errorCode)
        .containsExactly("none", "none", "CHAIN_BREAK", "PROCESS_HALTED");
    Result broken = f.results(c1.pid).get(2);
    assertThat(broken.getError().getMessage()).contains("process " + c1.pid + " nonce 2 has Hash-Chain " + c1.pid);
    assertThat(f.results(c1.pid).get(3).getError().getMessage()).contains("is halted").contains("CHAIN_BREAK");
    assertThat(f.rejections()).singleElement().satisfies(r -> {
      assertThat(r.getUnit()).isEqualTo("cu");
      assertThat(r.getReasonCode()).isEqualTo("CHAIN_BREAK");
      assertThat(r.getSourceOffset()).isEqualTo(3L);
    });
    assertThat(f.fold(0, c1.pid).halted).isTrue();
    assertThat(f.fold(0, c1.pid).state().get(CounterModule.COUNT)).isEqualTo(1L);
    assertThat(f.results(c2.pid)).extracting(FoldProcessorTest::output).containsExactly("booted with count 100", "101");
  }

  @Test
  void theFirstAssignmentMustCarryTheSeed() {
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    DataItem other = f.counter(0);
    f.send(1, c.next(p, null, a -> { a.setHashChain(f.chain(other).pid); return a; }));
    f.driver.commit();

    Result r = f.results(c.pid).getFirst();
    assertThat(errorCode(r)).isEqualTo("CHAIN_BREAK");
    assertThat(r.getError().getMessage()).contains("(the seed)");
    assertThat(f.fold(1, c.pid).halted).isTrue();
  }

  @Test
  void aGapInNoncesHalts() {
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    f.send(0, c.boot(p));
    c.msg(f.message(c.pid, "Action", "Increment")); // nonce 1 never reaches the CU
    f.send(0, c.msg(f.message(c.pid, "Action", "Increment")));
    f.driver.commit();

    Result r = f.results(c.pid).get(1);
    assertThat(errorCode(r)).isEqualTo("NONCE_GAP");
    assertThat(r.getError().getMessage()).isEqualTo("process " + c.pid + " expected nonce 1 but got 2");
    assertThat(f.rejections()).extracting(Rejection::getReasonCode).containsExactly("NONCE_GAP");
    assertThat(f.fold(0, c.pid).state().get(CounterModule.COUNT)).isEqualTo(0L);
  }

  @Test
  void aProcessFirstSeenAfterNonceZeroHalts() {
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    c.boot(p);
    f.send(0, c.msg(f.message(c.pid, "Action", "Increment")));
    f.driver.commit();

    assertThat(f.results(c.pid)).extracting(FoldProcessorTest::errorCode).containsExactly("NONCE_GAP");
  }

  @Test
  void aTamperedAssignmentSignatureHalts() {
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    f.send(0, c.next(p, null, a -> {
      byte[] sig = new byte[64];
      a.getItem().setSignature(ByteBuffer.wrap(sig));
      return a;
    }));
    f.driver.commit();

    Result r = f.results(c.pid).getFirst();
    assertThat(errorCode(r)).isEqualTo("BAD_SIGNATURE");
    assertThat(r.getError().getMessage()).contains("does not verify");
  }

  @Test
  void signatureChecksCanBeTurnedOff() {
    Schedules g = new Schedules(s -> s.withVerifySignatures(false));
    DataItem p = g.counter(3);
    Schedules.Chain c = g.chain(p);
    g.send(0, c.next(p, null, a -> {
      a.getItem().setSignature(ByteBuffer.wrap(new byte[64]));
      return a;
    }));
    g.driver.commit();

    assertThat(g.results(c.pid)).extracting(FoldProcessorTest::output).containsExactly("booted with count 3");
  }

  @Test
  void aModuleErrorKeepsThePreviousStateAndEvaluationGoesOn() {
    DataItem p = f.counter(7);
    Schedules.Chain c = f.chain(p);
    f.send(0, c.boot(p));
    f.send(0, c.msg(f.message(c.pid, "Action", "Increment", "Quantity", "lots")));
    f.send(0, c.msg(f.message(c.pid, "Action", "Dance")));
    f.send(0, c.msg(f.message(Schedules.OTHER, c.pid, "Action", "Increment")));
    f.send(0, c.msg(f.message(c.pid, "Action", "Get")));
    f.driver.commit();

    List<Result> results = f.results(c.pid);
    assertThat(results).extracting(FoldProcessorTest::errorCode)
        .containsExactly("none", "BAD_NUMBER", "UNKNOWN_ACTION", "NOT_OWNER", "none");
    assertThat(results.get(1).getError().getMessage()).isEqualTo("the Quantity tag 'lots' is not a decimal integer");
    assertThat(results.get(2).getError().getMessage()).contains("no action 'Dance'");
    assertThat(results.get(3).getError().getMessage()).contains(Schedules.OTHER.address());
    assertThat(output(results.get(4))).isEqualTo("7");
    assertThat(results.get(1).getMessages()).isEmpty();
  }

  /** A module that writes state and then fails: the write must be rolled back. */
  static final class HalfWay implements ProcessModule {
    @Override public String name() { return "halfway"; }
    @Override public String version() { return "1"; }
    @Override public void boot(ModuleContext ctx) { ctx.state().put("n", 1L); }
    @Override public void handle(ModuleContext ctx) {
      ctx.state().put("n", 99L);
      ctx.state().put("extra", "x");
      ctx.send(ctx.processId(), List.of(), new byte[0]);
      throw new IllegalStateException("boom");
    }
  }

  @Test
  void anUnexpectedModuleExceptionRollsBackItsWritesAndOutbox() {
    Schedules g = new Schedules(s -> new FoldSettings(s.assignmentsTopic(), s.resultsTopic(), s.rejectedTopic(),
        s.stateTopic(), s.registry(), ModuleRegistry.of(new HalfWay()), 1, true, Map.of(), s.clock()));
    DataItem p = g.process("halfway@1", null, "");
    Schedules.Chain c = g.chain(p);
    g.send(0, c.boot(p));
    g.send(0, c.msg(g.message(c.pid, "Action", "Any")));
    g.driver.commit();

    Result r = g.results(c.pid).get(1);
    assertThat(errorCode(r)).isEqualTo("MODULE_ERROR");
    assertThat(r.getError().getMessage()).contains("halfway@1 failed").contains("boom");
    assertThat(r.getMessages()).isEmpty();
    ProcessFold fold = g.fold(0, c.pid);
    assertThat(fold.state().keys()).containsExactly("n");
    assertThat(fold.state().get("n")).isEqualTo(1L);
  }

  @Test
  void aCommittedItemDeliveredAgainAfterARestartIsNotEvaluatedTwice() {
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    f.send(0, c.boot(p));
    ScheduledItem inc = c.msg(f.message(c.pid, "Action", "Increment"));
    f.send(0, inc);
    f.driver.commit();
    f.driver.crash();
    f.send(0, inc); // redelivered, e.g. by a producer retry upstream
    List<OutputRecord> out = f.driver.commit();

    assertThat(f.decodeResults(out)).isEmpty();
    assertThat(f.results(c.pid)).hasSize(2);
    assertThat(f.fold(0, c.pid).state().get(CounterModule.COUNT)).isEqualTo(1L);
  }

  @Test
  void anAbortedBatchIsEvaluatedAgainFromTheRestoredState() {
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    f.send(0, c.boot(p));
    f.driver.commit();
    f.send(0, c.msg(f.message(c.pid, "Action", "Increment")));
    assertThat(f.decodeResults(f.driver.abort())).hasSize(1);
    f.driver.commit();

    assertThat(f.results(c.pid)).extracting(FoldProcessorTest::output).containsExactly("booted with count 0", "1");
    assertThat(f.fold(0, c.pid).state().get(CounterModule.COUNT)).isEqualTo(1L);
  }

  @Test
  void aHaltSurvivesARestart() {
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    f.send(0, c.boot(p));
    c.msg(f.message(c.pid, "Action", "Increment"));
    f.send(0, c.msg(f.message(c.pid, "Action", "Increment")));
    f.driver.commit();
    f.driver.crash();
    f.send(0, c.msg(f.message(c.pid, "Action", "Increment")));
    f.driver.commit();

    assertThat(f.results(c.pid)).extracting(FoldProcessorTest::errorCode)
        .containsExactly("none", "NONCE_GAP", "PROCESS_HALTED");
    assertThat(f.fold(0, c.pid).haltReason).startsWith("NONCE_GAP: ");
  }

  @Test
  void aColdFoldAndARestoreFromACheckpointThenReplayGiveByteIdenticalState() {
    Schedules g = new Schedules(s -> s.withCheckpointEvery(3));
    DataItem p = g.counter(2);
    Schedules.Chain c = g.chain(p);
    List<ScheduledItem> schedule = new ArrayList<>();
    schedule.add(c.boot(p));
    for (int i = 0; i < 8; i++) {
      schedule.add(c.msg(g.message(c.pid, "Action", i % 3 == 2 ? "Get" : "Increment", "Quantity", "" + i)));
    }
    schedule.add(c.msg(g.message(c.pid, "Action", "Dance"))); // an error on the way changes nothing
    List<InputRecord> records = new ArrayList<>();
    for (ScheduledItem s : schedule) {
      records.add(new InputRecord(Schedules.ASSIGNMENTS, 0, records.size(),
          g.key.serializer().serialize(Schedules.ASSIGNMENTS, c.pid), g.encode(s), 0L, Map.of()));
    }
    // committed in three transactions: nonces 0..4, 5..6, 7..9
    for (int[] range : new int[][] {{0, 5}, {5, 7}}) {
      for (InputRecord r : records.subList(range[0], range[1])) {
        g.driver.send(0, r.key(), r.value());
      }
      g.driver.commit();
    }
    // checkpoint written after the first batch (5 items >= 3), not after the second (2 items)
    FoldProcessor restored = new FoldProcessor(g.settings);
    restored.restore(0, g.driver.stateRecords(0));
    assertThat(restored.fold(0, c.pid).orElseThrow().lastNonce).isEqualTo(4);
    assertThat(restored.fold(0, c.pid).orElseThrow().committedNonce).isEqualTo(6);
    // the stage re-delivers from the checkpoint's offset on; earlier items are ignored as duplicates
    List<OutputRecord> replayOut = restored.process(0, records);

    FoldProcessor cold = new FoldProcessor(g.settings);
    cold.restore(0, List.of());
    List<OutputRecord> coldOut = cold.process(0, records);

    assertThat(g.decodeResults(replayOut)).extracting(Result::getNonce).containsExactly(7L, 8L, 9L);
    assertThat(g.decodeResults(replayOut)).isEqualTo(g.decodeResults(coldOut).subList(7, 10));
    byte[] fromCheckpoint = restored.fold(0, c.pid).orElseThrow().snapshot();
    byte[] fromCold = cold.fold(0, c.pid).orElseThrow().snapshot();
    assertThat(fromCheckpoint).isEqualTo(fromCold);
    assertThat(cold.fold(0, c.pid).orElseThrow().state().get(CounterModule.COUNT)).isEqualTo(2L + 0 + 1 + 3 + 4 + 6 + 7);
    // the checkpoint records differ only in the zone's incarnation: restored, they hold the same state
    assertThat(restoredSnapshot(g, c.pid, checkpointRecord(replayOut)))
        .isEqualTo(restoredSnapshot(g, c.pid, checkpointRecord(coldOut))).isEqualTo(fromCold);
  }

  private static byte[] restoredSnapshot(Schedules g, String pid, byte[] checkpoint) {
    FoldProcessor p = new FoldProcessor(g.settings);
    p.restore(0, List.of(new io.vowstream.runtime.stream.StateRecord(("c/" + pid).getBytes(StandardCharsets.UTF_8),
        checkpoint)));
    return p.fold(0, pid).orElseThrow().snapshot();
  }

  private static byte[] checkpointRecord(List<OutputRecord> out) {
    return out.stream().filter(r -> r.topic().equals(Schedules.STATE))
        .filter(r -> new String(r.key(), StandardCharsets.UTF_8).startsWith("c/"))
        .reduce((a, b) -> b).orElseThrow().value();
  }

  @Test
  void aRestoredProcessReplaysFromItsCheckpointOffsetWithoutWritingResultsAgain() {
    Schedules g = new Schedules(s -> s.withCheckpointEvery(100));
    DataItem p = g.counter(0);
    Schedules.Chain c = g.chain(p);
    g.send(0, c.boot(p));
    g.driver.commit(); // first seen: checkpoint at nonce 0
    g.send(0, c.msg(g.message(c.pid, "Action", "Increment")));
    g.send(0, c.msg(g.message(c.pid, "Action", "Increment")));
    g.driver.commit(); // only the tail moves to nonce 2
    g.driver.crash();
    assertThat(g.processor().replayFrom(0)).hasValue(1L);
    assertThat(g.processor().replayFrom(1)).isEmpty();
    g.send(0, c.msg(g.message(c.pid, "Action", "Increment")));
    List<Result> fresh = g.decodeResults(g.driver.commit());

    assertThat(fresh).extracting(Result::getNonce).containsExactly(3L);
    assertThat(output(fresh.getFirst())).isEqualTo("3");
    assertThat(g.results(c.pid)).extracting(Result::getNonce).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void aProcessorHandedItemsBeyondWhatItCanReplayFailsNamingTheMissingNonces() {
    Schedules g = new Schedules(s -> s.withCheckpointEvery(100));
    DataItem p = g.counter(0);
    Schedules.Chain c = g.chain(p);
    g.send(0, c.boot(p));
    g.driver.commit();
    g.send(0, c.msg(g.message(c.pid, "Action", "Increment")));
    g.send(0, c.msg(g.message(c.pid, "Action", "Increment")));
    g.driver.commit();
    FoldProcessor restored = new FoldProcessor(g.settings);
    restored.restore(0, g.driver.stateRecords(0));
    InputRecord beyond = new InputRecord(Schedules.ASSIGNMENTS, 0, 3, g.key.serializer().serialize(Schedules.ASSIGNMENTS,
        c.pid), g.encode(c.msg(g.message(c.pid, "Action", "Increment"))), 0L, Map.of());

    assertThatThrownBy(() -> restored.process(0, List.of(beyond))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("process " + c.pid + " was restored at nonce 0 and must replay nonces 1..2 before nonce 3")
        .hasMessageContaining("from the offset after 0");
  }

  @Test
  void aLegacyProcessWithoutNonceZeroFoldsWithItsConfiguredModule() {
    DataItem p = f.counter(0);
    String pid = DataItems.id(p);
    Schedules g = new Schedules(s -> s.withLegacyModules(Map.of(pid, "counter@1")));
    Schedules.Chain c = g.chain(p);
    g.send(1, c.msg(g.message(Schedules.OTHER, pid, "Action", "Increment")));
    g.send(1, c.msg(g.message(pid, "Action", "Get")));
    g.driver.commit();

    List<Result> results = g.results(pid);
    assertThat(results).extracting(Result::getNonce).containsExactly(0L, 1L);
    assertThat(results).extracting(FoldProcessorTest::output).containsExactly("1", "1");
    assertThat(g.rejections()).isEmpty();
  }

  @Test
  void aLegacyProcessWithoutAConfiguredModuleGetsErrorResults() {
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    f.send(1, c.msg(f.message(c.pid, "Action", "Increment")));
    f.driver.commit();

    Result r = f.results(c.pid).getFirst();
    assertThat(errorCode(r)).isEqualTo("UNKNOWN_MODULE");
    assertThat(r.getError().getMessage()).contains("never booted and no legacy module is configured");
    assertThat(f.fold(1, c.pid).halted).isFalse();
  }

  @Test
  void anUnregisteredModuleIsReportedInEveryResult() {
    DataItem p = f.process("missing@9", null, "");
    Schedules.Chain c = f.chain(p);
    f.send(0, c.boot(p));
    f.send(0, c.msg(f.message(c.pid, "Action", "Get")));
    f.driver.commit();

    assertThat(f.results(c.pid)).extracting(FoldProcessorTest::errorCode).containsExactly("UNKNOWN_MODULE", "UNKNOWN_MODULE");
    assertThat(f.results(c.pid).getFirst().getError().getMessage())
        .contains("names module missing@9, which is not registered (known: [counter@1, token@1])");
  }

  @Test
  void anOnBootItemIdThatIsNotFoundIsReportedAsUnresolvedAndTheProcessGoesOn() {
    DataItem p = f.process("counter@1", "Xy".repeat(21) + "z", "");
    Schedules.Chain c = f.chain(p);
    f.send(0, c.boot(p));
    f.send(0, c.msg(f.message(Schedules.OTHER, c.pid, "Action", "Increment")));
    f.driver.commit();

    List<Result> results = f.results(c.pid);
    assertThat(errorCode(results.get(0))).isEqualTo("UNRESOLVED_BOOT_INPUT");
    assertThat(results.get(0).getError().getMessage()).contains("boots from item " + "Xy".repeat(21) + "z")
        .contains("was not found");
    assertThat(output(results.get(1))).isEqualTo("1"); // not booted: no owner in the state, so anyone may increment
  }

  @Test
  void anOnBootItemIdIsResolvedThroughTheItemLookup() {
    DataItem input = f.message(c0(), "Action", "Input");
    DataItem withData = io.vowstream.dataitem.DataItems.sign(Schedules.USER, null, null, input.getTags(),
        "41".getBytes(StandardCharsets.UTF_8));
    String inputId = DataItems.id(withData);
    Schedules g = new Schedules(s -> s.withItemLookup(id -> id.equals(inputId) ? java.util.Optional.of(withData)
        : java.util.Optional.empty()));
    DataItem p = g.process("counter@1", inputId, "ignored");
    Schedules.Chain c = g.chain(p);
    g.send(0, c.boot(p));
    g.send(0, c.msg(g.message(c.pid, "Action", "Increment")));
    g.driver.commit();

    assertThat(g.results(c.pid)).extracting(FoldProcessorTest::output).containsExactly("booted with count 41", "42");
  }

  @Test
  void aFailingItemLookupAbortsTheBatchInsteadOfWritingAResult() {
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    DataItem input = DataItems.sign(Schedules.USER, null, null, List.of(), "7".getBytes(StandardCharsets.UTF_8));
    Schedules g = new Schedules(s -> s.withItemLookup(id -> {
      if (down.get()) {
        throw new IllegalStateException("item store unreachable");
      }
      return java.util.Optional.of(input);
    }));
    DataItem p = g.process("counter@1", DataItems.id(input), "");
    Schedules.Chain c = g.chain(p);
    g.send(0, c.boot(p));

    assertThatThrownBy(g.driver::commit).hasMessageContaining("item store unreachable");
    assertThat(g.results()).isEmpty();
    g.driver.crash(); // the stage aborts the transaction and restores the partition
    down.set(false);
    g.driver.commit();
    assertThat(g.results(c.pid)).extracting(FoldProcessorTest::output).containsExactly("booted with count 7");
  }

  private String c0() {
    return f.chain(f.counter(0)).pid;
  }

  @Test
  void aProcessWithoutOnBootBootsWithEmptyInput() {
    DataItem p = f.process("counter@1", null, "42");
    Schedules.Chain c = f.chain(p);
    f.send(0, c.boot(p));
    f.driver.commit();

    assertThat(f.results(c.pid)).extracting(FoldProcessorTest::output).containsExactly("booted with count 0");
  }

  @Test
  void anAssignmentCarryingAnotherItemIsAnErrorResult() {
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    DataItem m = f.message(c.pid, "Action", "Increment");
    DataItem other = f.message(c.pid, "Action", "Increment");
    f.send(0, c.boot(p));
    f.send(0, c.next(other, DataItems.id(m)));
    f.send(0, c.next(null, DataItems.id(m)));
    f.driver.commit();

    List<Result> results = f.results(c.pid);
    assertThat(results).extracting(FoldProcessorTest::errorCode).containsExactly("none", "ITEM_MISMATCH", "ITEM_MISSING");
    assertThat(results.get(1).getError().getMessage()).contains("carries item " + DataItems.id(other));
  }

  @Test
  void undecodableRecordsAndMisroutedAssignmentsAreRejected() {
    f.driver.send(0, null, "not avro".getBytes(StandardCharsets.UTF_8));
    f.driver.send(0, null, null);
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    f.driver.send(0, f.key.serializer().serialize(Schedules.ASSIGNMENTS, "someone-else"), f.encode(c.boot(p)));
    f.driver.commit();

    assertThat(f.rejections()).extracting(Rejection::getReasonCode)
        .containsExactly("UNDECODABLE_RECORD", "UNDECODABLE_RECORD", "KEY_MISMATCH");
    assertThat(f.rejections().get(2).getMessage()).contains("record key is 'someone-else'");
    assertThat(f.rejections().get(0).getTimestamp()).isEqualTo(Schedules.CLOCK.millis());
    assertThat(f.results()).isEmpty();
  }

  @Test
  void stateRecordsAreCoPartitionedCheckpointsAndTails() {
    DataItem p = f.counter(0);
    Schedules.Chain c = f.chain(p);
    f.send(1, c.boot(p));
    List<OutputRecord> out = f.driver.commit();

    assertThat(out.stream().filter(r -> r.topic().equals(Schedules.STATE)))
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8), OutputRecord::partition)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("c/" + c.pid, 1),
            org.assertj.core.groups.Tuple.tuple("t/" + c.pid, 1));
    assertThat(out.stream().filter(r -> r.topic().equals(Schedules.RESULTS)))
        .extracting(OutputRecord::partition).containsExactly(1);
  }

  @Test
  void processingAnUnrestoredPartitionFails() {
    FoldProcessor fresh = new FoldProcessor(f.settings);
    assertThatThrownBy(() -> fresh.process(0, List.of())).isInstanceOf(IllegalStateException.class)
        .hasMessage("partition 0 was not restored before processing");
  }

  @Test
  void aStrayStateRecordFailsTheRestore() {
    FoldProcessor fresh = new FoldProcessor(f.settings);
    assertThatThrownBy(() -> fresh.restore(0, List.of(new io.vowstream.runtime.stream.StateRecord(
        "x/1".getBytes(StandardCharsets.UTF_8), new byte[] {1}))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("state record 'x/1' of partition 0");
  }
}
