package io.vowstream.scheduler;

import io.vowstream.dataitem.HashChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ProcessTail;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.ScheduledBatch;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.SchedulerState;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every SU rule through the broker-free stage driver. */
class ScheduleProcessorTest {
  final Fixtures f = new Fixtures(3);

  @Test
  void aProcessGetsNonceZeroWithoutMessageTagAndTheSeedChain() {
    DataItem process = f.process();
    String pid = f.sendProcess(process);
    f.driver.commit();

    ScheduledItem s = f.schedule(pid).getFirst();
    Assignment a = s.getAssignment();
    assertThat(a.getNonce()).isZero();
    assertThat(a.getMessageId()).isNull();
    assertThat(a.getHashChain()).isEqualTo(HashChain.seed(pid));
    assertThat(s.getItem()).isEqualTo(process);
    DataItem signed = a.getItem();
    assertThat(DataItems.verify(signed).isValid()).isTrue();
    assertThat(DataItems.id(signed)).isEqualTo(a.getId());
    assertThat(signed.getOwner()).isEqualTo(ByteBuffer.wrap(Fixtures.SU_KEY.publicKey()));
    assertThat(signed.getTags()).extracting(Tag::getName).containsExactly("Process", "Epoch", "Nonce", "Hash-Chain",
        "Block-Height", "Timestamp", "Data-Protocol", "Type", "Variant");
    assertThat(DataItems.tag(signed, "Process")).contains(pid);
    assertThat(DataItems.tag(signed, "Epoch")).contains("0");
    assertThat(DataItems.tag(signed, "Nonce")).contains("0");
    assertThat(DataItems.tag(signed, "Block-Height")).contains("000001500000");
    assertThat(DataItems.tag(signed, "Timestamp")).contains(Long.toString(a.getTimestamp()));
    assertThat(DataItems.tag(signed, "Type")).contains("Assignment");
    assertThat(DataItems.tag(signed, "Variant")).contains("ao.TN.1");
    assertThat(a.getBlockHeight()).isEqualTo(1_500_000);
  }

  @Test
  void messagesFollowFromNonceOneAndChain() {
    String pid = f.sendProcess(f.process());
    String m1 = f.sendMessage(f.message(pid));
    String m2 = f.sendMessage(f.message(pid));
    f.driver.commit();

    List<ScheduledItem> schedule = f.schedule(pid);
    assertThat(schedule).extracting(s -> s.getAssignment().getNonce()).containsExactly(0L, 1L, 2L);
    assertThat(schedule).extracting(s -> s.getAssignment().getMessageId()).containsExactly(null, m1, m2);
    Assignment a0 = schedule.get(0).getAssignment();
    Assignment a1 = schedule.get(1).getAssignment();
    assertThat(a1.getHashChain()).isEqualTo(HashChain.next(a0.getId(), a0.getHashChain()));
    assertThat(DataItems.tag(a1.getItem(), "Message")).contains(m1);
    assertThat(HashChain.verify(pid, schedule.stream().map(ScheduledItem::getAssignment).toList())).isEmpty();
    assertThat(f.meters.counter("vowstream.su.assigned").count()).isEqualTo(3);
    assertThat(f.meters.find("vowstream.su.nonce.head").tag("process", pid).gauge().value()).isEqualTo(2);
  }

  @Test
  void assignmentsGoToTheInputPartitionKeyedByProcessId() {
    String pid = f.sendProcess(f.process());
    f.driver.commit();
    OutputRecord out = f.driver.output(Fixtures.ASSIGNMENTS).getFirst();
    assertThat(out.partition()).isEqualTo(f.partitionOf(pid));
    assertThat(f.codec.key.deserializer().deserialize(Fixtures.ASSIGNMENTS, out.key())).isEqualTo(pid);
    assertThat(f.driver.output(Fixtures.STATE)).allSatisfy(r -> assertThat(r.partition()).isEqualTo(f.partitionOf(pid)));
  }

  @Test
  void aDuplicateMessageIsAcknowledgedWithoutANonce() {
    String pid = f.sendProcess(f.process());
    DataItem m = f.message(pid);
    f.sendMessage(m);
    f.sendMessage(m); // same batch
    f.driver.commit();
    f.sendMessage(m); // later batch
    f.driver.commit();
    String next = f.sendMessage(f.message(pid));
    f.driver.commit();

    assertThat(f.schedule(pid)).extracting(s -> s.getAssignment().getMessageId())
        .containsExactly(null, DataItems.id(m), next);
    assertThat(f.rejections()).isEmpty();
    assertThat(f.counter("vowstream.su.duplicates", "kind", "message")).isEqualTo(2);
  }

  @Test
  void aDuplicateProcessIsAcknowledgedWithoutANonce() {
    DataItem p = f.process();
    String pid = f.sendProcess(p);
    f.driver.commit();
    f.sendProcess(p);
    String m = f.sendMessage(f.message(pid));
    f.driver.commit();

    assertThat(f.schedule(pid)).extracting(s -> s.getAssignment().getNonce()).containsExactly(0L, 1L);
    assertThat(f.schedule(pid).get(1).getAssignment().getMessageId()).isEqualTo(m);
    assertThat(f.rejections()).isEmpty();
    assertThat(f.counter("vowstream.su.duplicates", "kind", "process")).isEqualTo(1);
  }

  @Test
  void duplicatesAreRecognisedAfterARestartFromTheCompactedStateTopic() {
    DataItem p = f.process();
    String pid = f.sendProcess(p);
    DataItem m = f.message(pid);
    f.sendMessage(m);
    f.driver.commit();
    f.driver.compactState();
    f.driver.crash();
    f.sendProcess(p);
    f.sendMessage(m);
    String m2 = f.sendMessage(f.message(pid));
    f.driver.commit();

    List<ScheduledItem> schedule = f.schedule(pid);
    assertThat(schedule).extracting(s -> s.getAssignment().getNonce()).containsExactly(0L, 1L, 2L);
    assertThat(schedule.get(2).getAssignment().getMessageId()).isEqualTo(m2);
    assertThat(HashChain.verify(pid, schedule.stream().map(ScheduledItem::getAssignment).toList())).isEmpty();
  }

  @Test
  void aMessageForAnUnknownProcessIsRejected() {
    String pid = Base64Url.encode(Fixtures.seed(5));
    String mid = f.sendMessage(f.message(pid));
    f.driver.commit();

    Rejection r = f.rejections().getFirst();
    assertThat(r.getReasonCode()).isEqualTo("UNKNOWN_PROCESS");
    assertThat(r.getUnit()).isEqualTo("su");
    assertThat(r.getItemId()).isEqualTo(mid);
    assertThat(r.getMessage()).contains(pid).contains("has not scheduled");
    assertThat(r.getSourceTopic()).isEqualTo(Fixtures.SCHEDULE);
    assertThat(r.getSourcePartition()).isEqualTo(f.partitionOf(pid));
    assertThat(r.getSourceOffset()).isZero();
    assertThat(f.assignments()).isEmpty();
    assertThat(f.counter("vowstream.su.rejected", "reason", "UNKNOWN_PROCESS")).isEqualTo(1);
  }

  @Test
  void anItemLargerThanTheLimitIsRejectedWithoutANonceAndWithoutItsBytes() {
    String pid = f.sendProcess(f.process());
    DataItem big = DataItems.sign(Fixtures.USER, Base64Url.decode(pid), null, List.of(
        new Tag("Data-Protocol", "ao"), new Tag("Type", "Message")), new byte[Fixtures.MAX_ITEM_BYTES]);
    String bigId = f.sendMessage(big);
    String next = f.sendMessage(f.message(pid));
    f.driver.commit();

    Rejection r = f.rejections().getFirst();
    assertThat(r.getReasonCode()).isEqualTo("ITEM_TOO_LARGE");
    assertThat(r.getItemId()).isEqualTo(bigId);
    assertThat(r.getMessage()).contains("vowstream.su.max.item.bytes").contains(Integer.toString(Fixtures.MAX_ITEM_BYTES));
    assertThat(r.getInput().remaining()).isZero();
    assertThat(r.getSourceOffset()).isEqualTo(1);
    // The next message takes nonce 1: the refused item used none.
    assertThat(f.schedule(pid)).extracting(s -> s.getAssignment().getMessageId()).containsExactly(null, next);
    assertThat(f.schedule(pid).getLast().getAssignment().getNonce()).isEqualTo(1);
    assertThat(f.counter("vowstream.su.rejected", "reason", "ITEM_TOO_LARGE")).isEqualTo(1);
  }

  @Test
  void undecodableBytesAndMissingValuesAreRejectedNotDropped() {
    byte[] garbage = {1, 2, 3};
    f.driver.send(0, null, garbage);
    f.driver.send(0, null, null);
    f.driver.commit();

    List<Rejection> rs = f.rejections();
    assertThat(rs).extracting(Rejection::getReasonCode).containsExactly("UNDECODABLE_RECORD", "UNDECODABLE_RECORD");
    assertThat(rs.get(0).getInput()).isEqualTo(ByteBuffer.wrap(garbage));
    assertThat(rs.get(0).getMessage()).contains("not an Avro data item");
    assertThat(rs.get(1).getMessage()).contains("no value");
  }

  @Test
  void aTamperedItemIsRejectedAsBadSignature() {
    String pid = f.sendProcess(f.process());
    DataItem m = f.message(pid);
    m.setData(ByteBuffer.wrap(new byte[] {42}));
    f.sendMessage(m);
    f.driver.commit();

    Rejection r = f.rejections().getFirst();
    assertThat(r.getReasonCode()).isEqualTo("BAD_SIGNATURE");
    assertThat(r.getMessage()).contains("SIGNATURE_MISMATCH");
    assertThat(f.schedule(pid)).hasSize(1);
  }

  @Test
  void signatureChecksCanBeLeftToTheMu() {
    Fixtures trusting = new Fixtures(1, false);
    String pid = trusting.sendProcess(trusting.process());
    DataItem m = trusting.message(pid);
    m.setData(ByteBuffer.wrap(new byte[] {42}));
    trusting.sendMessage(m);
    trusting.driver.commit();
    assertThat(trusting.schedule(pid)).hasSize(2);
  }

  @Test
  void aStructurallyBrokenItemIsRejectedAsMalformed() {
    DataItem m = f.message(Base64Url.encode(Fixtures.seed(5)));
    m.setTarget(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    f.driver.send(0, f.key("x"), f.value(m));
    f.driver.commit();
    assertThat(f.rejections()).extracting(Rejection::getReasonCode).containsExactly("MALFORMED_ITEM");
  }

  @Test
  void missingTagsAreRejectedNamingTheTag() {
    f.driver.send(0, f.key("x"), f.value(Fixtures.signed(List.of(new Tag("Type", "Process")), null)));
    f.driver.send(0, f.key("x"), f.value(Fixtures.signed(List.of(new Tag("Data-Protocol", "ao")), null)));
    f.driver.send(0, f.key("x"), f.value(Fixtures.signed(List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Process"), new Tag("Scheduler", "s")), null)));
    f.driver.send(0, f.key("x"), f.value(Fixtures.signed(List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Process"), new Tag("Module", "m")), null)));
    f.driver.commit();

    List<Rejection> rs = f.rejections();
    assertThat(rs).extracting(Rejection::getReasonCode).containsOnly("MISSING_TAG");
    assertThat(rs).extracting(Rejection::getMessage).satisfiesExactly(
        m -> assertThat(m).contains("no Data-Protocol tag"),
        m -> assertThat(m).contains("no Type tag"),
        m -> assertThat(m).contains("no Module tag"),
        m -> assertThat(m).contains("no Scheduler tag"));
  }

  @Test
  void otherProtocolsAndTypesAreUnsupported() {
    f.driver.send(0, f.key("x"), f.value(Fixtures.signed(List.of(new Tag("Data-Protocol", "other"),
        new Tag("Type", "Message")), null)));
    f.driver.send(0, f.key("x"), f.value(Fixtures.signed(List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Checkpoint")), null)));
    f.driver.commit();
    assertThat(f.rejections()).extracting(Rejection::getReasonCode).containsExactly("UNSUPPORTED_TYPE", "UNSUPPORTED_TYPE");
    assertThat(f.rejections().get(1).getMessage()).contains("Type 'Checkpoint'");
  }

  @Test
  void aMessageWithoutTargetIsRejected() {
    f.driver.send(0, f.key("x"), f.value(Fixtures.signed(List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Message")), null)));
    f.driver.commit();
    assertThat(f.rejections()).extracting(Rejection::getReasonCode).containsExactly("MISSING_TARGET");
  }

  @Test
  void aRecordKeyedByAnotherProcessIsRejected() {
    DataItem p = f.process();
    String pid = DataItems.id(p);
    f.driver.send(f.partitionOf(pid), f.key("someone-else"), f.value(p));
    f.driver.send(f.partitionOf(pid), new byte[] {9, 9}, f.value(f.process()));
    f.driver.commit();
    List<Rejection> rs = f.rejections();
    assertThat(rs).extracting(Rejection::getReasonCode).containsExactly("KEY_MISMATCH", "KEY_MISMATCH");
    assertThat(rs.get(0).getMessage()).contains("'someone-else'");
    assertThat(rs.get(1).getMessage()).contains("missing or not an Avro string");
    assertThat(f.assignments()).isEmpty();
  }

  @Test
  void aLegacyProcessStartsItsFirstMessageAtNonceZeroFromTheSeed() {
    String legacy = f.sendLegacyProcess(f.process());
    String modern = f.sendProcess(f.process());
    String lm1 = f.sendMessage(f.message(legacy));
    f.sendMessage(f.message(modern));
    f.sendMessage(f.message(legacy));
    f.driver.commit();

    List<ScheduledItem> ls = f.schedule(legacy);
    assertThat(ls).extracting(s -> s.getAssignment().getNonce()).containsExactly(0L, 1L);
    assertThat(ls.getFirst().getAssignment().getMessageId()).isEqualTo(lm1);
    assertThat(ls.getFirst().getAssignment().getHashChain()).isEqualTo(HashChain.seed(legacy));
    assertThat(HashChain.verify(legacy, ls.stream().map(ScheduledItem::getAssignment).toList())).isEmpty();
    assertThat(f.schedule(modern)).extracting(s -> s.getAssignment().getNonce()).containsExactly(0L, 1L);

    // a restart keeps the legacy registration, and re-registering it is a duplicate
    f.driver.crash();
    f.sendLegacyProcess(ls.getFirst().getItem() == null ? f.process() : f.process());
    f.sendMessage(f.message(legacy));
    f.driver.commit();
    assertThat(f.schedule(legacy)).extracting(s -> s.getAssignment().getNonce()).containsExactly(0L, 1L, 2L);
  }

  @Test
  void interleavedProcessesKeepIndependentChains() {
    Fixtures one = new Fixtures(1);
    String a = one.sendProcess(one.process());
    String b = one.sendProcess(one.process());
    for (int i = 0; i < 5; i++) {
      one.sendMessage(one.message(i % 2 == 0 ? a : b));
      one.sendMessage(one.message(a));
    }
    one.driver.commit();
    for (String pid : List.of(a, b)) {
      List<Assignment> s = one.schedule(pid).stream().map(ScheduledItem::getAssignment).toList();
      assertThat(HashChain.verify(pid, s)).isEmpty();
    }
    assertThat(one.schedule(a)).hasSize(1 + 8);
    assertThat(one.schedule(b)).hasSize(1 + 2);
  }

  @Test
  void anAbortedBatchLeavesNoTraceAndIsRedoneWithTheSameNonces() {
    String pid = f.sendProcess(f.process());
    f.driver.commit();
    String m1 = f.sendMessage(f.message(pid));
    List<OutputRecord> discarded = f.driver.abort();
    assertThat(discarded).isNotEmpty();
    assertThat(f.schedule(pid)).hasSize(1);
    assertThat(f.driver.uncommitted()).isEqualTo(1);

    f.driver.commit();
    List<ScheduledItem> s = f.schedule(pid);
    assertThat(s).extracting(x -> x.getAssignment().getNonce()).containsExactly(0L, 1L);
    assertThat(s.get(1).getAssignment().getMessageId()).isEqualTo(m1);
    assertThat(HashChain.verify(pid, s.stream().map(ScheduledItem::getAssignment).toList())).isEmpty();
  }

  @Test
  void aRestartContinuesTheChainFromTheStateTopic() {
    String pid = f.sendProcess(f.process());
    f.sendMessage(f.message(pid));
    f.driver.commit();
    f.driver.crash();
    f.sendMessage(f.message(pid));
    f.driver.commit();
    f.driver.compactState();
    f.driver.crash();
    f.sendMessage(f.message(pid));
    f.driver.commit();

    List<Assignment> s = f.schedule(pid).stream().map(ScheduledItem::getAssignment).toList();
    assertThat(s).extracting(Assignment::getNonce).containsExactly(0L, 1L, 2L, 3L);
    assertThat(HashChain.verify(pid, s)).isEmpty();
  }

  @Test
  void oneTailPerProcessAndOneDedupRecordPerBatch() {
    String pid = f.sendProcess(f.process());
    List<String> messages = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      messages.add(f.sendMessage(f.message(pid)));
    }
    f.driver.commit();
    Map<String, SchedulerState> state = new java.util.LinkedHashMap<>();
    for (OutputRecord r : f.driver.output(Fixtures.STATE)) {
      state.put(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8),
          f.codec.state.deserializer().deserialize(Fixtures.STATE, r.value()));
    }
    assertThat(state).containsOnlyKeys("p/" + pid, "b/0");
    ScheduledBatch batch = (ScheduledBatch) state.get("b/0").getEntry();
    assertThat(state.get("b/0").getProcessId()).isEmpty();
    assertThat(batch.getFirstNonce()).as("the batch's first input offset").isZero();
    List<String> expected = new java.util.ArrayList<>(List.of(pid + "/" + pid));
    messages.forEach(m -> expected.add(pid + "/" + m));
    assertThat(batch.getItemIds()).containsExactlyElementsOf(expected);
    assertThat(((ProcessTail) state.get("p/" + pid).getEntry()).getLastNonce()).isEqualTo(4L);
  }

  @Test
  void aLaterBatchGetsItsOwnDedupRecordKeyedByItsFirstInputOffset() {
    String pid = f.sendProcess(f.process());
    f.driver.commit();
    String m1 = f.sendMessage(f.message(pid));
    String m2 = f.sendMessage(f.message(pid));
    f.driver.commit();
    f.driver.compactState();

    Map<String, List<String>> dedup = new java.util.HashMap<>();
    for (var r : f.driver.stateRecords(f.partitionOf(pid))) {
      if (f.codec.state.deserializer().deserialize(Fixtures.STATE, r.value()).getEntry() instanceof ScheduledBatch b) {
        dedup.put(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), b.getItemIds());
      }
    }
    assertThat(dedup).containsOnly(Map.entry("b/0", List.of(pid + "/" + pid)),
        Map.entry("b/1", List.of(pid + "/" + m1, pid + "/" + m2)));
  }

  /** State written by the earlier SU (one dedup record per process and batch) still restores. */
  @Test
  void dedupRecordsOfTheEarlierFormStillCountAfterARestart() {
    DataItem p = f.process();
    String pid = f.sendProcess(p);
    f.driver.commit();
    DataItem m = f.message(pid);
    String mid = DataItems.id(m);
    ScheduledItem boot = f.schedule(pid).getFirst();
    ProcessTail tail = ProcessTail.newBuilder().setLastNonce(1).setHashChain(boot.getAssignment().getHashChain())
        .setLastAssignmentId(boot.getAssignment().getId()).setProcessAssignmentId(boot.getAssignment().getId())
        .setLegacy(false).setUpdatedAt(0).build();
    List<io.vowstream.runtime.stream.StateRecord> old = List.of(
        stateRecord("p/" + pid, pid, tail),
        stateRecord("i/" + pid + "/0", pid, new ScheduledBatch(0L, List.of(pid, mid))));
    ScheduleProcessor restored = new ScheduleProcessor(f.settings, f.metrics, Runnable::run);
    int partition = f.partitionOf(pid);
    restored.restore(partition, old);
    List<OutputRecord> out = restored.process(partition, List.of(
        new io.vowstream.runtime.stream.InputRecord(Fixtures.SCHEDULE, partition, 5, f.key(pid), f.value(m), 0L, Map.of()),
        new io.vowstream.runtime.stream.InputRecord(Fixtures.SCHEDULE, partition, 6, f.key(pid), f.value(p), 0L, Map.of())));
    assertThat(out).noneMatch(r -> r.topic().equals(Fixtures.ASSIGNMENTS));
    assertThat(f.counter("vowstream.su.duplicates", "kind", "message")).isEqualTo(1);
  }

  private io.vowstream.runtime.stream.StateRecord stateRecord(String key, String pid, Object entry) {
    byte[] value = f.codec.state.serializer().serialize(Fixtures.STATE,
        SchedulerState.newBuilder().setProcessId(pid).setEntry(entry).build());
    return new io.vowstream.runtime.stream.StateRecord(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
  }

  @Test
  void aDuplicateOfAnEarlierBatchIsRecognisedAfterARestart() {
    DataItem p = f.process();
    String pid = f.sendProcess(p);
    f.driver.commit();
    DataItem m1 = f.message(pid);
    DataItem m2 = f.message(pid);
    f.sendMessage(m1);
    f.sendMessage(m2);
    f.driver.commit();
    f.driver.compactState();
    f.driver.crash();
    f.sendMessage(m2);
    f.sendProcess(p);
    f.sendMessage(m1);
    f.driver.commit();

    assertThat(f.schedule(pid)).extracting(s -> s.getAssignment().getNonce()).containsExactly(0L, 1L, 2L);
    assertThat(f.assignments()).hasSize(3);
  }

  /** ao scenario 14: dedup by deep hash, for keys whose signatures differ for the same content. */
  @Test
  void theSameContentSignedAgainWithAnRsaKeyIsADuplicateAlsoAfterARestart() {
    io.vowstream.dataitem.SigningKey rsa = io.vowstream.dataitem.Signer.generate(
        io.vowstream.dataitem.SignatureType.ARWEAVE, new java.security.SecureRandom());
    String pid = f.sendProcess(f.process());
    f.driver.commit();
    List<Tag> tags = List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message"), new Tag("Action", "Eval"));
    byte[] target = io.vowstream.dataitem.Base64Url.decode(pid);
    DataItem once = DataItems.sign(rsa, target, null, tags, new byte[] {1});
    DataItem again = DataItems.sign(rsa, target, null, tags, new byte[] {1});
    DataItem other = DataItems.sign(rsa, target, null, tags, new byte[] {2});
    assertThat(DataItems.id(again)).as("RSA-PSS is randomised").isNotEqualTo(DataItems.id(once));
    f.sendMessage(once);
    f.sendMessage(again);
    f.driver.commit();
    f.driver.compactState();
    f.driver.crash();
    f.sendMessage(DataItems.sign(rsa, target, null, tags, new byte[] {1}));
    f.sendMessage(other);
    f.driver.commit();

    assertThat(f.schedule(pid)).extracting(s -> s.getAssignment().getMessageId())
        .containsExactly(null, DataItems.id(once), DataItems.id(other));
    assertThat(f.counter("vowstream.su.duplicates", "kind", "message")).isEqualTo(2);
  }

  @Test
  void processingAnUnrestoredPartitionIsAnError() {
    ScheduleProcessor p = new ScheduleProcessor(new SchedulerSettings(Fixtures.SCHEDULE, Fixtures.ASSIGNMENTS,
        Fixtures.REJECTED, Fixtures.STATE, f.codec, Fixtures.SU_KEY, BlockHeightSource.fixed(0),
        java.time.Clock.systemUTC(), "v", true, Fixtures.MAX_ITEM_BYTES), f.metrics);
    assertThatThrownBy(() -> p.process(2, List.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("partition 2 was not restored");
  }

  @Test
  void aBadBlockHeightIsRefused() {
    assertThatThrownBy(() -> BlockHeightSource.fixed(-1)).hasMessageContaining("not negative, got -1");
    assertThat(BlockHeightSource.fixed(12).currentHeight()).isEqualTo(12);
  }

  @Test
  void aLargeBatchIsCheckedInParallelButAssignedInOrder() {
    String pid = f.sendProcess(f.process());
    List<String> good = new java.util.ArrayList<>();
    String bad = null;
    for (int i = 0; i < 60; i++) {
      DataItem m = f.message(pid);
      if (i == 20) {
        m.setData(ByteBuffer.wrap(new byte[] {7}));
        bad = f.sendMessage(m);
      } else {
        good.add(f.sendMessage(m));
      }
    }
    f.driver.commit();
    List<ScheduledItem> s = f.schedule(pid);
    assertThat(s.stream().skip(1).map(x -> x.getAssignment().getMessageId()).toList()).containsExactlyElementsOf(good);
    assertThat(HashChain.verify(pid, s.stream().map(ScheduledItem::getAssignment).toList())).isEmpty();
    assertThat(f.rejections()).singleElement().satisfies(r -> {
      assertThat(r.getReasonCode()).isEqualTo("BAD_SIGNATURE");
      assertThat(r.getSourceOffset()).isEqualTo(21);
    });
    assertThat(f.rejections().getFirst().getItemId()).isEqualTo(bad);
  }

  @Test
  void theDriverRefusesStateWrittenToAnotherPartition() {
    var driver = new io.vowstream.runtime.stream.testing.StageTestDriver("in", "state", 2,
        () -> new io.vowstream.runtime.stream.PartitionProcessor() {
          @Override
          public void restore(int partition, List<io.vowstream.runtime.stream.StateRecord> records) {}

          @Override
          public void drop(int partition) {}

          @Override
          public List<OutputRecord> process(int partition, List<io.vowstream.runtime.stream.InputRecord> batch) {
            return List.of(OutputRecord.toPartition("state", 1 - partition, new byte[] {1}, null));
          }
        });
    driver.send(0, null, new byte[0], Map.of());
    assertThatThrownBy(driver::commit).hasMessageContaining("state record for input partition 0 to state partition 1");
  }
}
