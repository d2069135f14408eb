package io.vowstream.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.HashChain;
import io.vowstream.dataitem.Signer;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code Type: Assign} through the broker-free stage driver: the embedded item is scheduled. */
class AssignSchedulingTest {
  static final SigningKey MU_KEY = Signer.ed25519(Fixtures.seed(11));
  final Fixtures f = new Fixtures(3);
  private int anchors;

  /** An Assign as the MU pushes it: tags Process and Message, data the item's ANS-104 bytes. */
  DataItem assign(String pid, String messageId, byte[] data) {
    byte[] anchor = new byte[32];
    anchor[0] = (byte) anchors++;
    return DataItems.sign(MU_KEY, Base64Url.decode(pid), anchor, List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Assign"), new Tag("Process", pid), new Tag("Message", messageId),
        new Tag("From-Process", "some-source")), data);
  }

  DataItem assign(String pid, DataItem item) {
    return assign(pid, DataItems.id(item), Ans104.encode(item));
  }

  String send(String key, DataItem assign) {
    f.driver.send(f.partitionOf(key), f.key(key), f.value(assign));
    return DataItems.id(assign);
  }

  @Test
  void anAssignedMessageIsScheduledWithTheEmbeddedItemAsBody() {
    String p = f.sendProcess(f.process());
    String q = f.sendProcess(f.process());
    DataItem m = f.message(q);
    String mid = f.sendMessage(m);
    f.driver.commit();
    String assignId = send(p, assign(p, m));
    String after = f.sendMessage(f.message(p));
    f.driver.commit();

    List<ScheduledItem> onP = f.schedule(p);
    assertThat(onP).extracting(s -> s.getAssignment().getNonce()).containsExactly(0L, 1L, 2L);
    assertThat(onP).extracting(s -> s.getAssignment().getMessageId()).containsExactly(null, mid, after);
    assertThat(onP.get(1).getItem()).isEqualTo(m);
    assertThat(DataItems.targetId(onP.get(1).getItem())).contains(q);
    assertThat(DataItems.tag(onP.get(1).getAssignment().getItem(), "Message")).contains(mid);
    assertThat(HashChain.verify(p, onP.stream().map(ScheduledItem::getAssignment).toList())).isEmpty();
    // The Assign itself is not on any schedule; q's schedule is untouched.
    assertThat(f.assignments()).noneMatch(s -> DataItems.id(s.getItem()).equals(assignId));
    assertThat(f.schedule(q)).hasSize(2);
    assertThat(f.rejections()).isEmpty();
  }

  /** Schedules process {@code child}, then assigns its item to {@code target}; returns the child's id. */
  private String scheduleAndAssign(DataItem child, String target) {
    String cid = f.sendProcess(child);
    f.driver.commit();
    send(target, assign(target, child));
    f.driver.commit();
    return cid;
  }

  @Test
  void anotherProcesssItemCanBeAssigned() {
    String target = f.sendProcess(f.process());
    DataItem child = f.process();
    String cid = scheduleAndAssign(child, target);

    ScheduledItem s = f.schedule(target).get(1);
    assertThat(s.getAssignment().getNonce()).isEqualTo(1);
    assertThat(s.getAssignment().getMessageId()).isEqualTo(cid);
    assertThat(s.getItem()).isEqualTo(child);
    assertThat(f.schedule(cid)).hasSize(1);
  }

  @Test
  void theReadIndexKeepsAProcessFindableWhenItsItemIsAlsoAssignedElsewhere() {
    String target = f.sendProcess(f.process());
    DataItem child = f.process();
    String cid = scheduleAndAssign(child, target);
    ScheduledItem own = f.schedule(cid).getFirst();
    ScheduledItem assigned = f.schedule(target).get(1);

    // Partitions are read in any interleaving: both orders must give the same answers.
    for (List<ScheduledItem> order : List.of(List.of(own, assigned), List.of(assigned, own))) {
      try (ScheduleIndex index = new ScheduleIndex(Map.of("bootstrap.servers", "localhost:1"), Fixtures.ASSIGNMENTS,
          f.codec)) {
        order.forEach(index::add);
        assertThat(index.process(cid)).contains(own);
        assertThat(index.item(cid)).contains(own);
        assertThat(index.schedule(target).get(1L).item()).isEqualTo(assigned);
      }
    }
  }

  @Test
  void anItemAlreadyOnTheScheduleGetsNoSecondNonce() {
    String p = f.sendProcess(f.process());
    String q = f.sendProcess(f.process());
    DataItem m = f.message(q);
    f.sendMessage(m);
    DataItem direct = f.message(p);
    f.sendMessage(direct);
    f.driver.commit();
    DataItem once = assign(p, m);
    send(p, once);
    send(p, once); // the same push again, same batch
    f.driver.commit();
    send(p, once); // ... in a later batch
    send(p, assign(p, m)); // another request (another anchor) for the same item
    send(p, assign(p, direct)); // an item that reached p as a message
    f.driver.commit();
    f.driver.crash(); // and after a restart, from the state topic
    send(p, assign(p, m));
    String marker = f.sendMessage(f.message(p));
    f.driver.commit();

    assertThat(f.schedule(p)).extracting(s -> s.getAssignment().getMessageId())
        .containsExactly(null, DataItems.id(direct), DataItems.id(m), marker);
    assertThat(f.counter("vowstream.su.duplicates", "kind", "assign")).isEqualTo(5);
    assertThat(f.rejections()).isEmpty();
  }

  @Test
  void anAssignWhoseItemIsNotTheNamedMessageIsRejected() {
    String p = f.sendProcess(f.process());
    String q = f.sendProcess(f.process());
    DataItem m = f.message(q);
    DataItem other = f.message(q);
    f.driver.commit();
    String wrongId = send(p, assign(p, DataItems.id(m), Ans104.encode(other)));
    String notAnItem = send(p, assign(p, DataItems.id(m), "not ans-104".getBytes(StandardCharsets.UTF_8)));
    f.driver.commit();

    List<Rejection> rs = f.rejections();
    assertThat(rs).extracting(Rejection::getReasonCode).containsExactly("ASSIGN_MISMATCH", "ASSIGN_MISMATCH");
    assertThat(rs).extracting(Rejection::getItemId).containsExactly(wrongId, notAnItem);
    assertThat(rs.get(0).getMessage()).contains(DataItems.id(m)).contains(DataItems.id(other));
    assertThat(rs.get(1).getMessage()).contains("does not carry an ANS-104 item");
    assertThat(f.schedule(p)).hasSize(1);
    assertThat(f.counter("vowstream.su.rejected", "reason", "ASSIGN_MISMATCH")).isEqualTo(2);
  }

  @Test
  void aTamperedEmbeddedItemIsRejectedEvenWhenSignaturesAreLeftToTheMu() {
    Fixtures trusting = new Fixtures(1, false);
    String p = trusting.sendProcess(trusting.process());
    String q = trusting.sendProcess(trusting.process());
    DataItem m = trusting.message(q);
    // Same signature (so the same id), other data: only the signature check can tell.
    DataItem tampered = DataItem.newBuilder(m).setData(ByteBuffer.wrap("forged".getBytes(StandardCharsets.UTF_8)))
        .build();
    assertThat(DataItems.id(tampered)).isEqualTo(DataItems.id(m));
    trusting.driver.send(0, trusting.key(p), trusting.value(assign(p, tampered)));
    trusting.driver.commit();

    Rejection r = trusting.rejections().getFirst();
    assertThat(r.getReasonCode()).isEqualTo("BAD_SIGNATURE");
    assertThat(r.getMessage()).contains("carried by assign");
    assertThat(trusting.schedule(p)).hasSize(1);
  }

  @Test
  void anAssignForAnUnknownProcessOrUnderAnotherKeyOrWithoutTagsIsRejected() {
    String p = f.sendProcess(f.process());
    String q = f.sendProcess(f.process());
    DataItem m = f.message(q);
    f.driver.commit();
    String unknown = Base64Url.encode(Fixtures.seed(5));
    String toUnknown = send(unknown, assign(unknown, m));
    String wrongKey = send(q, assign(p, m));
    DataItem noMessageTag = DataItems.sign(MU_KEY, Base64Url.decode(p), null, new ArrayList<>(List.of(
        new Tag("Data-Protocol", "ao"), new Tag("Type", "Assign"), new Tag("Process", p))), Ans104.encode(m));
    String untagged = send(p, noMessageTag);
    f.driver.commit();

    // Different partitions: compare by item id, not by output order.
    Map<String, Rejection> rs = f.rejections().stream().collect(Collectors.toMap(Rejection::getItemId, r -> r));
    assertThat(rs).hasSize(3);
    assertThat(rs.get(toUnknown).getReasonCode()).isEqualTo("UNKNOWN_PROCESS");
    assertThat(rs.get(toUnknown).getMessage()).contains(unknown);
    assertThat(rs.get(wrongKey).getReasonCode()).isEqualTo("KEY_MISMATCH");
    assertThat(rs.get(untagged).getReasonCode()).isEqualTo("MISSING_TAG");
    assertThat(rs.get(untagged).getMessage()).contains("Message");
    assertThat(f.schedule(p)).hasSize(1);
    assertThat(f.schedule(q)).hasSize(1);
  }

  @Test
  void theReadIndexKeysRecordsByTheirLeadingFieldsAndDecodesOnQuery() {
    String pid = f.sendProcess(f.process());
    DataItem m = f.message(pid);
    String mid = f.sendMessage(m);
    f.driver.commit();
    List<ScheduledItem> onP = f.schedule(pid);
    try (ScheduleIndex index = new ScheduleIndex(Map.of("bootstrap.servers", "localhost:1"), Fixtures.ASSIGNMENTS,
        f.codec)) {
      for (ScheduledItem s : onP) {
        byte[] value = f.codec.scheduledItem.serializer().serialize(Fixtures.ASSIGNMENTS, s);
        var a = s.getAssignment();
        assertThat(index.readHead(value)).as("read without decoding the record")
            .isEqualTo(new ScheduleIndex.Head(a.getId(), pid, a.getNonce(), a.getMessageId()));
        index.read(new org.apache.kafka.clients.consumer.ConsumerRecord<>(Fixtures.ASSIGNMENTS, 0, a.getNonce(),
            f.key(pid), value));
      }
      assertThat(index.process(pid)).contains(onP.get(0));
      assertThat(index.item(mid)).contains(onP.get(1));
      assertThat(index.item(onP.get(1).getAssignment().getId())).contains(onP.get(1));
      assertThat(index.schedule(pid).lastEntry().getValue().item()).isEqualTo(onP.get(1));
      assertThat(index.indexedCount()).isEqualTo(2);
      // Not this build's schema (an unknown id) or not the wire format: no fast path.
      byte[] other = f.codec.scheduledItem.serializer().serialize(Fixtures.ASSIGNMENTS, onP.get(1));
      other[4] ^= 0x7f;
      assertThat(index.readHead(other)).isNull();
      assertThat(index.readHead(new byte[] {1, 2, 3})).isNull();
    }
  }
}
