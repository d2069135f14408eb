package io.vowstream.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.testing.StageTestDriver;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.OutboxAssignment;
import io.vowstream.schemas.OutboxSpawn;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ResultError;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cranking stage's logic without a broker: pushes, their identity, spawns and order. */
class CrankProcessorTest {
  final Fixtures f = new Fixtures();
  final StageTestDriver driver = f.crankDriver();
  final DataItem source = f.knownProcess();
  final String pid = DataItems.id(source);
  final String target = DataItems.id(f.knownProcess());

  @Test
  void anOutboxMessageIsPushedSignedByTheMuWithProvenanceTags() {
    Result r = Fixtures.result(pid, 3, "msg-3").setMessages(new ArrayList<>(List.of(
        Fixtures.outbox(target, "ping", new Tag("Action", "Ping"), new Tag("Type", "Forged"),
            new Tag("From-Process", "someone-else"))))).build();
    f.sendResult(driver, r);

    List<OutputRecord> out = driver.commit();

    List<DataItem> pushed = f.items(out);
    assertThat(pushed).hasSize(1);
    DataItem item = pushed.getFirst();
    assertThat(DataItems.verify(item).isValid()).isTrue();
    assertThat(DataItems.ownerAddress(item)).isEqualTo(Fixtures.MU_KEY.address());
    assertThat(DataItems.targetId(item)).contains(target);
    assertThat(item.getAnchor().array()).isEqualTo(Pushes.anchor(pid, 3, Pushes.MESSAGE, 0, 0));
    assertThat(new String(item.getData().array(), StandardCharsets.UTF_8)).isEqualTo("ping");
    Map<String, String> tags = Fixtures.tags(item);
    assertThat(tags).containsEntry("Data-Protocol", "ao").containsEntry("Type", "Message")
        .containsEntry("Action", "Ping").containsEntry("From-Process", pid)
        .containsEntry("From-Module", Fixtures.MODULE).containsEntry("Pushed-For", "msg-3");
    assertThat(DataItems.tagValues(item, "Type")).containsExactly("Message");
    assertThat(DataItems.tagValues(item, "From-Process")).containsExactly(pid);
    assertThat(f.keys(out, Fixtures.SCHEDULE)).containsExactly(target);
    assertThat(f.meters.get("vowstream.mu.pushes").tag("kind", "message").counter().count()).isEqualTo(1.0);
  }

  @Test
  void aReplayedOrRetriedResultPushesTheSameIds() {
    Result r = Fixtures.result(pid, 5, "msg-5").setMessages(new ArrayList<>(List.of(
        Fixtures.outbox(target, "a"), Fixtures.outbox(target, "b"))))
        .setSpawns(new ArrayList<>(List.of(spawn("child")))).build();
    f.sendResult(driver, r);
    List<String> aborted = Fixtures.ids(f.items(driver.abort()));
    List<String> first = Fixtures.ids(f.items(driver.commit()));
    driver.crash();
    f.sendResult(driver, r); // the same result delivered again, after a restart
    List<String> replayed = Fixtures.ids(f.items(driver.commit()));

    assertThat(first).hasSize(3).doesNotHaveDuplicates();
    assertThat(aborted).isEqualTo(first);
    assertThat(replayed).isEqualTo(first);
  }

  /**
   * A cron tick's result has the nonce of the scheduled item before it: its cron key keeps its
   * pushes apart from that item's (and from another tick's), and a re-delivery pushes the same ids.
   */
  @Test
  void aCronResultsPushesDifferFromThoseOfTheScheduledResultWithTheSameOrdinate() {
    Result scheduled = Fixtures.result(pid, 5, "msg-5").setMessages(new ArrayList<>(List.of(
        Fixtures.outbox(target, "same")))).setSpawns(new ArrayList<>(List.of(spawn("child")))).build();
    Result tick1 = Result.newBuilder(scheduled).setMessageId("cron:" + pid + ":5:0:1-1-second")
        .setCron("0:1-1-second").build();
    Result tick2 = Result.newBuilder(scheduled).setMessageId("cron:" + pid + ":5:0:2-1-second")
        .setCron("0:2-1-second").build();
    f.sendResult(driver, scheduled);
    f.sendResult(driver, tick1);
    f.sendResult(driver, tick2);
    List<String> first = Fixtures.ids(f.items(driver.commit()));
    driver.crash();
    f.sendResult(driver, tick1);
    f.sendResult(driver, tick2);
    List<String> again = Fixtures.ids(f.items(driver.commit()));

    assertThat(first).hasSize(6).doesNotHaveDuplicates();
    assertThat(again).containsExactlyElementsOf(first.subList(2, 6));
    // the scheduled result's pushes keep the anchor recipe they always had
    assertThat(Pushes.anchor(pid, 5, null, Pushes.MESSAGE, 0, 0)).isEqualTo(Pushes.anchor(pid, 5, Pushes.MESSAGE, 0, 0));
    assertThat(Pushes.anchor(pid, 5, "0:1-1-second", Pushes.MESSAGE, 0, 0))
        .isNotEqualTo(Pushes.anchor(pid, 5, Pushes.MESSAGE, 0, 0));
  }

  @Test
  void aSpawnIsPushedAndTheChildsBootResultTellsTheParent() {
    Result r = Fixtures.result(pid, 2, "msg-2").setSpawns(new ArrayList<>(List.of(spawn("kid")))).build();
    f.sendResult(driver, r);
    List<OutputRecord> out = driver.commit();
    DataItem child = f.items(out).getFirst();
    String childId = DataItems.id(child);
    assertThat(f.keys(out, Fixtures.SCHEDULE)).containsExactly(childId);
    assertThat(Fixtures.tags(child)).containsEntry("Type", "Process").containsEntry("Module", "child-module")
        .containsEntry("Scheduler", "su-address").containsEntry("From-Process", pid)
        .containsEntry("Pushed-For", "msg-2").containsEntry("Reference", "kid");
    assertThat(child.getTarget()).isNull();

    // The SU schedules the child, the directory reads it, the CU boots it and sends a first message.
    f.directory.add(ProcessInfo.of(child));
    Result boot = Fixtures.result(childId, 0, childId).setMessages(new ArrayList<>(List.of(
        Fixtures.outbox(pid, "hello parent")))).build();
    f.sendResult(driver, boot);
    List<OutputRecord> out2 = driver.commit();

    List<DataItem> pushed = f.items(out2);
    assertThat(pushed).hasSize(2);
    DataItem spawned = pushed.get(0);
    assertThat(DataItems.targetId(spawned)).contains(pid);
    assertThat(Fixtures.tags(spawned)).containsEntry("Action", "Spawned").containsEntry("Process", childId)
        .containsEntry("Reference", "kid").containsEntry("From-Process", childId)
        .containsEntry("Pushed-For", "msg-2").containsEntry("From-Module", "child-module");
    assertThat(DataItems.tagValues(spawned, "Module")).isEmpty();
    assertThat(new String(pushed.get(1).getData().array(), StandardCharsets.UTF_8)).isEqualTo("hello parent");
    assertThat(f.keys(out2, Fixtures.SCHEDULE)).containsExactly(pid, pid);

    // the Spawned message is deterministic too
    driver.crash();
    f.sendResult(driver, boot);
    assertThat(Fixtures.ids(f.items(driver.commit()))).isEqualTo(Fixtures.ids(pushed));
  }

  @Test
  void aResultWithAnErrorHasNoOutbox() {
    Result r = Fixtures.result(pid, 4, "msg-4").setError(new ResultError("BOOM", "it failed"))
        .setMessages(new ArrayList<>(List.of(Fixtures.outbox(target, "never")))).build();
    f.sendResult(driver, r);

    List<OutputRecord> out = driver.commit();

    assertThat(f.items(out)).isEmpty();
    assertThat(f.meters.get("vowstream.mu.outbox.discarded").counter().count()).isEqualTo(1.0);
  }

  @Test
  void pushesToATargetKeepTheOrderTheSourceMadeThem() {
    List<String> expected = new ArrayList<>();
    for (int nonce = 1; nonce <= 4; nonce++) {
      List<io.vowstream.schemas.OutboxMessage> msgs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String data = nonce + "." + i;
        msgs.add(Fixtures.outbox(target, data));
        expected.add(data);
      }
      f.sendResult(driver, Fixtures.result(pid, nonce, "m" + nonce).setMessages(msgs).build());
      if (nonce == 2) {
        driver.commit();
      }
    }
    driver.commit();

    List<String> seen = f.items(driver.output(Fixtures.SCHEDULE)).stream()
        .map(i -> new String(i.getData().array(), StandardCharsets.UTF_8)).toList();
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void anUnknownSourceIsCrankedWithoutModuleAndStaysThatWay() {
    String stranger = Base64Url.encode(Fixtures.seed(77));
    Result r = Fixtures.result(stranger, 1, "x-1").setMessages(new ArrayList<>(List.of(
        Fixtures.outbox(target, "from a legacy process")))).build();
    f.sendResult(driver, r);
    List<OutputRecord> out = driver.commit();
    DataItem first = f.items(out).getFirst();
    assertThat(Fixtures.tags(first)).containsEntry("From-Process", stranger).doesNotContainKey("From-Module");
    assertThat(out).anySatisfy(o -> assertThat(o.topic()).isEqualTo(Fixtures.CRANK_STATE));

    // Later the directory learns a process item for it; the replay must not change the pushed id.
    f.directory.add(new ProcessInfo(stranger, "late-module", null, java.util.Set.of(), null, null, List.of()));
    driver.crash();
    f.sendResult(driver, r);
    assertThat(Fixtures.ids(f.items(driver.commit()))).containsExactly(DataItems.id(first));
  }

  @Test
  void aBadOutboxEntryIsRejectedAndTheOthersStillGoOut() {
    OutboxSpawn noModule = OutboxSpawn.newBuilder().setTags(new ArrayList<>(List.of(new Tag("Name", "x"))))
        .setData(ByteBuffer.allocate(0)).build();
    Result r = Fixtures.result(pid, 6, "msg-6").setMessages(new ArrayList<>(List.of(
        Fixtures.outbox("not-a-process-id", "lost"), Fixtures.outbox(target, "kept"))))
        .setSpawns(new ArrayList<>(List.of(noModule))).build();
    f.sendResult(driver, r);

    List<OutputRecord> out = driver.commit();

    assertThat(f.items(out)).extracting(i -> new String(i.getData().array(), StandardCharsets.UTF_8))
        .containsExactly("kept");
    List<Rejection> rs = f.rejections(out);
    assertThat(rs).extracting(Rejection::getReasonCode).containsExactly("INVALID_OUTBOX_ENTRY", "INVALID_OUTBOX_ENTRY");
    assertThat(rs.get(0).getMessage()).contains("message 0", "not-a-process-id");
    assertThat(rs.get(1).getMessage()).contains("spawn 0", "Module");
    assertThat(rs).allSatisfy(x -> assertThat(x.getItemId()).isEqualTo("msg-6"));
  }

  @Test
  void anOutboxAssignmentBecomesOneRequestPerProcess() {
    String other = DataItems.id(f.knownProcess());
    String message = DataItems.id(f.scheduled(f.message(Fixtures.USER, pid)));
    Result r = Fixtures.result(pid, 7, "msg-7").setAssignments(new ArrayList<>(List.of(
        OutboxAssignment.newBuilder().setMessageId(message).setProcesses(new ArrayList<>(List.of(target, other)))
            .build()))).build();
    f.sendResult(driver, r);

    List<OutputRecord> out = driver.commit();

    List<DataItem> pushed = f.items(out);
    assertThat(pushed).hasSize(2);
    assertThat(pushed).allSatisfy(i -> assertThat(Fixtures.tags(i)).containsEntry("Type", "Assign")
        .containsEntry("Message", message).containsEntry("From-Process", pid));
    assertThat(f.keys(out, Fixtures.SCHEDULE)).containsExactly(target, other);
    assertThat(pushed.get(0).getAnchor().array()).isEqualTo(Pushes.anchor(pid, 7, Pushes.ASSIGNMENT, 0, 0));
    assertThat(pushed.get(1).getAnchor().array()).isEqualTo(Pushes.anchor(pid, 7, Pushes.ASSIGNMENT, 0, 1));
  }

  @Test
  void anUndecodableResultIsRejected() {
    driver.send(0, f.key(Fixtures.RESULTS, pid), new byte[] {0, 0, 0, 0, 1, 2});
    List<OutputRecord> out = driver.commit();
    assertThat(f.rejections(out)).extracting(Rejection::getReasonCode).containsExactly("UNDECODABLE_RECORD");
    assertThat(f.items(out)).isEmpty();
  }

  private static OutboxSpawn spawn(String reference) {
    return OutboxSpawn.newBuilder().setTags(new ArrayList<>(List.of(new Tag("Module", "child-module"),
        new Tag("Reference", reference)))).setData(ByteBuffer.wrap("init".getBytes(StandardCharsets.UTF_8))).build();
  }
}
