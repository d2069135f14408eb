package io.vowstream.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.testing.StageTestDriver;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ResultError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The trace read model fed by hand: hops are filed under the right ids and listed in pipeline order. */
class TraceIndexTest {
  final Fixtures f = new Fixtures();
  final TraceIndex trace = new TraceIndex(f.settings, "vowstream.assignments", 3);
  long offset;

  @Test
  void aMessageShowsItsHopsAndThePushesItCaused() {
    DataItem source = f.knownProcess();
    String pid = DataItems.id(source);
    DataItem target = f.knownProcess();
    DataItem m = f.message(Fixtures.USER, pid);
    String mid = DataItems.id(m);
    Result r = Fixtures.result(pid, 1, mid).setMessages(new ArrayList<>(List.of(
        Fixtures.outbox(DataItems.id(target), "x")))).build();
    StageTestDriver crank = f.crankDriver();
    f.sendResult(crank, r);
    List<OutputRecord> pushes = crank.commit();

    // Fed out of pipeline order on purpose: the reader sees topics interleaved.
    feed(Fixtures.RESULTS, f.codec.result.serializer().serialize(Fixtures.RESULTS, r));
    for (OutputRecord o : pushes) {
      feed(o.topic(), o.value());
    }
    feed(Fixtures.INGRESS, f.value(Fixtures.INGRESS, m));
    feed(Fixtures.SCHEDULE, f.value(Fixtures.SCHEDULE, m));

    List<TraceIndex.Hop> hops = trace.trace(mid);
    assertThat(hops).extracting(TraceIndex.Hop::kind).containsExactly(TraceIndex.Kind.INGRESS,
        TraceIndex.Kind.SCHEDULE, TraceIndex.Kind.RESULT, TraceIndex.Kind.PUSH);
    String pushedId = DataItems.id(f.items(pushes).getFirst());
    assertThat(hops.get(3).toJson()).containsEntry("id", pushedId).containsEntry("kind", "message")
        .containsEntry("target", DataItems.id(target));
    assertThat(hops.get(2).toJson()).containsEntry("nonce", 1L).containsEntry("error", null);
    // The pushed item has a trace of its own that names where it came from.
    assertThat(trace.trace(pushedId).getFirst().toJson()).containsEntry("pushedFor", mid)
        .containsEntry("fromProcess", pid);
  }

  @Test
  void errorsAndRejectionsAreHopsAndTheIndexIsBounded() {
    Result failed = Fixtures.result("p".repeat(43), 2, "failed-msg").setError(new ResultError("E", "bad")).build();
    feed(Fixtures.RESULTS, f.codec.result.serializer().serialize(Fixtures.RESULTS, failed));
    assertThat(trace.trace("failed-msg").getFirst().toJson().get("error")).isEqualTo(Map.of("code", "E", "message", "bad"));

    StageTestDriver ingress = f.ingressDriver(1024);
    DataItem tooBig = f.message(Fixtures.USER, "q".repeat(43).replace('q', 'A'));
    tooBig.setData(java.nio.ByteBuffer.wrap(new byte[4096]));
    ingress.send(0, f.key(Fixtures.INGRESS, "k"), f.value(Fixtures.INGRESS, tooBig));
    for (OutputRecord o : ingress.commit()) {
      feed(o.topic(), o.value());
    }
    assertThat(trace.trace(DataItems.id(tooBig)).getFirst().toJson()).containsEntry("reason", "ITEM_TOO_LARGE")
        .containsEntry("unit", "mu");

    for (int i = 0; i < 5; i++) {
      feed(Fixtures.RESULTS, f.codec.result.serializer().serialize(Fixtures.RESULTS,
          Fixtures.result("p".repeat(43), 10 + i, "m" + i).build()));
    }
    assertThat(trace.size()).isEqualTo(3);
    assertThat(trace.trace("failed-msg")).isEmpty();
    assertThat(trace.trace("m4")).hasSize(1);
  }

  private void feed(String topic, byte[] value) {
    trace.add(new ConsumerRecord<>(topic, 0, offset++, new byte[0], value));
  }
}
