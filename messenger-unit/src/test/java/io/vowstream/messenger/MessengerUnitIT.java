package io.vowstream.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.DataItems;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.serde.VowstreamSerdes;
import io.vowstream.testkit.TestKafka;
import io.vowstream.testkit.TestRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The unit in this JVM against the real broker and registry: both entry points, cranking, trace. */
class MessengerUnitIT {
  static MuItSupport it;
  static MessengerUnit unit;
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() {
    it = new MuItSupport(2);
    unit = MessengerUnit.builder(it.config(it.settings())).signer(it.muKey).start();
  }

  @AfterAll
  static void stop() {
    if (unit != null) {
      unit.close();
    }
    it.close();
  }

  @Test
  void aPlainProducerWithTheProjectSerializerReachesTheSchedule() {
    DataItem p = it.process();
    String pid = DataItems.id(p);
    DataItem m = it.message(it.user, pid);
    DataItem bad = it.message(it.user, pid);
    bad.setData(java.nio.ByteBuffer.wrap(new byte[] {9}));
    Map<String, Object> serde = Map.of("schema.registry.url", TestRegistry.url());
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    try (KafkaProducer<String, DataItem> producer = new KafkaProducer<>(props,
        VowstreamSerdes.stringKey(serde).serializer(), VowstreamSerdes.value(DataItem.class, serde).serializer())) {
      producer.send(new ProducerRecord<>(it.ingress, pid, p));
      producer.send(new ProducerRecord<>(it.ingress, pid, m));
      producer.send(new ProducerRecord<>(it.ingress, pid, bad));
    }

    List<DataItem> scheduled = it.scheduledUntil(items -> Fixtures.ids(items).contains(DataItems.id(m)));
    List<String> ids = Fixtures.ids(scheduled);
    assertThat(ids).contains(pid, DataItems.id(m)).doesNotContain(DataItems.id(bad));
    assertThat(ids.indexOf(pid)).isLessThan(ids.indexOf(DataItems.id(m)));
    List<Rejection> rs = it.rejectionsUntil(l -> l.stream().anyMatch(r -> DataItems.id(bad).equals(r.getItemId())));
    Rejection r = rs.stream().filter(x -> DataItems.id(bad).equals(x.getItemId())).findFirst().orElseThrow();
    assertThat(r.getUnit()).isEqualTo("mu");
    assertThat(r.getReasonCode()).isEqualTo("BAD_SIGNATURE");
    assertThat(r.getSourceTopic()).isEqualTo(it.ingress);
  }

  @Test
  void httpPostAcceptsGoodItemsInOrderAndRejectsBadOnesWithAReason() throws Exception {
    DataItem p = it.process();
    String pid = DataItems.id(p);
    HttpResponse<String> created = it.post(unit.httpUrl(), Ans104.encode(p));
    assertThat(created.statusCode()).isEqualTo(202);
    assertThat(json.readTree(created.body()).get("id").asText()).isEqualTo(pid);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      DataItem m = it.message(it.user, pid);
      HttpResponse<String> res = it.post(unit.httpUrl(), Ans104.encode(m));
      assertThat(res.statusCode()).isEqualTo(202);
      sent.add(DataItems.id(m));
    }

    HttpResponse<String> garbage = it.post(unit.httpUrl(), new byte[] {2, 0, 1, 2, 3});
    assertThat(garbage.statusCode()).isEqualTo(400);
    JsonNode g = json.readTree(garbage.body());
    assertThat(g.get("reason").asText()).isEqualTo("MALFORMED_ITEM");
    assertThat(g.get("message").asText()).isNotBlank();

    HttpResponse<String> huge = it.post(unit.httpUrl(), new byte[800_000]);
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(json.readTree(huge.body()).get("reason").asText()).isEqualTo("ITEM_TOO_LARGE");

    DataItem forged = it.message(it.user, pid, new Tag("From-Process", pid));
    it.announce(p); // the directory knows the target, whose Authority is empty
    HttpResponse<String> denied = it.post(unit.httpUrl(), Ans104.encode(forged));
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(json.readTree(denied.body()).get("reason").asText()).isEqualTo("FORGED_FROM_PROCESS");

    List<String> ids = Fixtures.ids(it.scheduledUntil(items -> Fixtures.ids(items).containsAll(sent)));
    List<String> mine = ids.stream().filter(sent::contains).toList();
    assertThat(mine).containsExactlyElementsOf(sent);
    assertThat(ids).doesNotContain(DataItems.id(forged));
    List<Rejection> rs = it.rejectionsUntil(l -> l.stream().anyMatch(r -> DataItems.id(forged).equals(r.getItemId())));
    assertThat(rs).anySatisfy(r -> {
      assertThat(r.getReasonCode()).isEqualTo("MALFORMED_ITEM");
      assertThat(r.getUnit()).isEqualTo("mu");
      assertThat(r.getInput().remaining()).isEqualTo(5);
    });
  }

  @Test
  void resultsAreCrankedAndAReplayedResultPushesTheSameIds() throws Exception {
    DataItem source = it.process();
    String pid = DataItems.id(source);
    String target = DataItems.id(it.process());
    it.announce(source);
    Result r = Fixtures.result(pid, 1, "origin-" + it.suffix).setMessages(new ArrayList<>(List.of(
        Fixtures.outbox(target, "one"), Fixtures.outbox(target, "two")))).build();
    it.sendResult(r);
    it.sendResult(r); // delivered twice, as after a CU retry

    List<DataItem> pushed = it.scheduledUntil(items -> items.stream()
        .filter(i -> DataItems.hasTag(i, "Pushed-For", r.getMessageId())).count() >= 4).stream()
        .filter(i -> DataItems.hasTag(i, "Pushed-For", r.getMessageId())).toList();
    assertThat(pushed).hasSize(4);
    List<String> ids = Fixtures.ids(pushed);
    assertThat(ids.subList(2, 4)).isEqualTo(ids.subList(0, 2));
    assertThat(Set.copyOf(ids)).hasSize(2);
    assertThat(pushed).allSatisfy(i -> {
      assertThat(Fixtures.tags(i)).containsEntry("From-Process", pid).containsEntry("From-Module", "counter");
      assertThat(DataItems.ownerAddress(i)).isEqualTo(DataItems.ownerAddress(it.muKey.type(), it.muKey.publicKey()));
    });

    // The trace of the evaluated message shows its result and the pushes it caused.
    JsonNode trace = awaitTrace(r.getMessageId(), t -> kinds(t).containsAll(Set.of("result", "push")));
    assertThat(kinds(trace)).contains("result", "push");
    Set<String> pushIds = new java.util.HashSet<>();
    trace.get("hops").forEach(h -> {
      if (h.get("hop").asText().equals("push")) {
        pushIds.add(h.get("id").asText());
      }
    });
    assertThat(pushIds).isEqualTo(Set.copyOf(ids));
  }

  @Test
  void traceFollowsAnHttpMessageAndUnknownIdsAre404() throws Exception {
    DataItem p = it.process();
    DataItem m = it.message(it.user, DataItems.id(p));
    assertThat(it.post(unit.httpUrl(), Ans104.encode(m)).statusCode()).isEqualTo(202);

    JsonNode trace = awaitTrace(DataItems.id(m), t -> kinds(t).containsAll(Set.of("ingress", "schedule")));
    assertThat(kinds(trace)).contains("ingress", "schedule");
    assertThat(trace.get("hops").get(0).get("hop").asText()).isEqualTo("ingress");

    HttpResponse<String> missing = it.get(unit.httpUrl() + "/trace/no-such-message");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no-such-message");
    HttpResponse<String> metrics = it.get(unit.httpUrl() + "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("vowstream_mu_accepted_total", "vowstream_mu_directory_size");
    HttpResponse<String> health = it.get(unit.httpUrl() + "/health");
    assertThat(json.readTree(health.body()).get("status").asText()).isEqualTo("UP");
  }

  static Set<String> kinds(JsonNode trace) {
    Set<String> s = new java.util.HashSet<>();
    trace.get("hops").forEach(h -> s.add(h.get("hop").asText()));
    return s;
  }

  static JsonNode awaitTrace(String id, java.util.function.Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> res = it.get(unit.httpUrl() + "/trace/" + id);
      if (res.statusCode() == 200) {
        last = json.readTree(res.body());
        if (done.test(last)) {
          return last;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the trace of " + id + " did not complete within 90 s; last seen: " + last);
  }
}
