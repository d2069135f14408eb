package io.vowstream.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.testing.StageTestDriver;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.OutboxAssignment;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outbox assignments and user spawns with a target become Assigns that carry the assigned item. */
class AssignPushTest {
  final Fixtures f = new Fixtures();
  final StageTestDriver crank = f.crankDriver();
  final String pid = DataItems.id(f.knownProcess());
  final String target = DataItems.id(f.knownProcess());
  final String other = DataItems.id(f.knownProcess());

  static byte[] data(DataItem item) {
    ByteBuffer b = item.getData().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static OutboxAssignment assignment(String messageId, String... processes) {
    return OutboxAssignment.newBuilder().setMessageId(messageId).setProcesses(new ArrayList<>(List.of(processes)))
        .build();
  }

  @Test
  void anOutboxAssignmentCarriesTheScheduledItemToEveryProcess() {
    DataItem m = f.scheduled(f.message(Fixtures.USER, pid, new Tag("Action", "Hello")));
    String mid = DataItems.id(m);
    Result r = Fixtures.result(pid, 7, mid).setAssignments(new ArrayList<>(List.of(assignment(mid, target, other))))
        .build();
    f.sendResult(crank, r);

    List<OutputRecord> out = crank.commit();

    List<DataItem> pushed = f.items(out);
    assertThat(pushed).hasSize(2);
    assertThat(f.keys(out, Fixtures.SCHEDULE)).containsExactly(target, other);
    for (int i = 0; i < 2; i++) {
      DataItem a = pushed.get(i);
      String process = i == 0 ? target : other;
      assertThat(DataItems.verify(a).isValid()).isTrue();
      assertThat(DataItems.ownerAddress(a)).isEqualTo(Fixtures.MU_KEY.address());
      assertThat(Fixtures.tags(a)).containsEntry("Type", "Assign").containsEntry("Process", process)
          .containsEntry("Message", mid).containsEntry("From-Process", pid).containsEntry("Pushed-For", mid);
      assertThat(DataItems.targetId(a)).contains(process);
      assertThat(a.getAnchor().array()).isEqualTo(Pushes.anchor(pid, 7, Pushes.ASSIGNMENT, 0, i));
      assertThat(data(a)).isEqualTo(Ans104.encode(m));
      assertThat(Ans104.decode(data(a))).isEqualTo(m);
    }
    assertThat(f.rejections(out)).isEmpty();
    assertThat(f.meters.get("vowstream.mu.pushes").tag("kind", "assignment").counter().count()).isEqualTo(2.0);
  }

  @Test
  void aReplayedResultPushesTheSameAssigns() {
    DataItem m = f.scheduled(f.message(Fixtures.USER, pid));
    String mid = DataItems.id(m);
    Result r = Fixtures.result(pid, 4, mid).setAssignments(new ArrayList<>(List.of(assignment(mid, target)))).build();
    f.sendResult(crank, r);
    List<String> first = Fixtures.ids(f.items(crank.commit()));
    crank.crash();
    f.sendResult(crank, r);
    List<String> again = Fixtures.ids(f.items(crank.commit()));

    assertThat(first).hasSize(1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void anAssignmentOfAnItemNeverScheduledIsRejectedAndTheRestGoesOut() {
    DataItem m = f.scheduled(f.message(Fixtures.USER, pid));
    String missing = Base64Url.encode(Fixtures.seed(77));
    Result r = Fixtures.result(pid, 9, "msg-9")
        .setMessages(new ArrayList<>(List.of(Fixtures.outbox(target, "hi"))))
        .setAssignments(new ArrayList<>(List.of(assignment(missing, target, other),
            assignment(DataItems.id(m), other)))).build();
    f.sendResult(crank, r);

    List<OutputRecord> out = crank.commit();

    List<Rejection> rejections = f.rejections(out);
    assertThat(rejections).extracting(Rejection::getReasonCode).containsExactly("UNKNOWN_MESSAGE");
    assertThat(rejections.getFirst().getMessage()).contains(missing).contains("never scheduled");
    assertThat(rejections.getFirst().getItemId()).isEqualTo("msg-9");
    List<DataItem> pushed = f.items(out);
    assertThat(pushed).extracting(i -> Fixtures.tags(i).get("Type")).containsExactly("Message", "Assign");
    assertThat(Fixtures.tags(pushed.get(1))).containsEntry("Message", DataItems.id(m)).containsEntry("Process", other);
    // The second entry keeps its own index in the anchor.
    assertThat(pushed.get(1).getAnchor().array()).isEqualTo(Pushes.anchor(pid, 9, Pushes.ASSIGNMENT, 1, 0));
  }

  @Test
  void aUserSpawnWithATargetIsAlsoAssignedToTheTarget() {
    StageTestDriver ingress = f.ingressDriver(64 * 1024);
    DataItem p = DataItems.sign(Fixtures.USER, Base64Url.decode(target), null, List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Process"), new Tag("Module", Fixtures.MODULE), new Tag("Scheduler", "su-address")),
        new byte[] {1, 2, 3});
    String spawned = DataItems.id(p);
    DataItem plain = f.process(Fixtures.USER);
    f.sendIngress(ingress, p);
    f.sendIngress(ingress, plain);

    List<OutputRecord> out = ingress.commit();

    assertThat(f.keys(out, Fixtures.SCHEDULE)).containsExactly(spawned, target, DataItems.id(plain));
    DataItem a = f.items(out).get(1);
    assertThat(DataItems.verify(a).isValid()).isTrue();
    assertThat(Fixtures.tags(a)).containsEntry("Type", "Assign").containsEntry("Process", target)
        .containsEntry("Message", spawned).containsEntry("Pushed-For", spawned).doesNotContainKey("From-Process");
    assertThat(data(a)).isEqualTo(Ans104.encode(p));
    assertThat(a.getAnchor().array()).isEqualTo(Pushes.anchor(spawned, 0, Pushes.SPAWN_TARGET, 0, 0));

    // The same spawn again (a retry): the same Assign, which the SU acknowledges as a duplicate.
    f.sendIngress(ingress, p);
    assertThat(DataItems.id(f.items(ingress.commit()).get(1))).isEqualTo(DataItems.id(a));
  }
}
