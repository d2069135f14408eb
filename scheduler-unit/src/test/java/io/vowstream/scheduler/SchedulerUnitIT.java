package io.vowstream.scheduler;

import io.vowstream.dataitem.HashChain;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The unit in this JVM against the real broker and registry: dedup, rejections, concurrency, HTTP. */
class SchedulerUnitIT {
  static ItSupport it;
  static SchedulerUnit unit;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() {
    it = new ItSupport(2);
    // The default trusts the MU's checks; this class also covers BAD_SIGNATURE, so turn them on.
    Map<String, String> settings = new LinkedHashMap<>(it.settings());
    settings.put(VowstreamConfig.SU_VERIFY_SIGNATURES.name(), "true");
    unit = SchedulerUnit.start(VowstreamConfig.resolve(settings, new Properties(), Map.of(), null));
  }

  @AfterAll
  static void stop() {
    unit.close();
    it.close();
  }

  List<ScheduledItem> scheduleOf(String pid, int expected) {
    List<ScheduledItem> all = it.scheduled(it.readUntil(it.assignments, Duration.ofSeconds(60),
        rs -> it.scheduled(rs).stream().filter(s -> s.getAssignment().getProcessId().equals(pid)).count() >= expected));
    return all.stream().filter(s -> s.getAssignment().getProcessId().equals(pid)).toList();
  }

  @Test
  void duplicateSubmissionsNeverConsumeANonce() {
    DataItem p = it.process();
    String pid = DataItems.id(p);
    DataItem m = it.message(pid);
    it.send(p);
    it.send(m);
    it.send(p);
    it.send(m);
    DataItem last = it.message(pid);
    it.send(last);
    it.producer.flush();

    List<ScheduledItem> s = scheduleOf(pid, 3);
    assertThat(s).extracting(x -> x.getAssignment().getNonce()).containsExactly(0L, 1L, 2L);
    assertThat(s).extracting(x -> x.getAssignment().getMessageId())
        .containsExactly(null, DataItems.id(m), DataItems.id(last));
    // nothing more arrives for it later
    List<ScheduledItem> again = it.scheduled(it.readUntil(it.assignments, Duration.ofSeconds(2), rs -> false));
    assertThat(again.stream().filter(x -> x.getAssignment().getProcessId().equals(pid))).hasSize(3);
  }

  @Test
  void badInputsEachProduceARejectionWithAReason() {
    DataItem p = it.process();
    String pid = DataItems.id(p);
    it.send(p);
    it.sendRaw(it.codec.key.serializer().serialize(it.schedule, pid), new byte[] {0, 0, 0, 0, 0, 7});
    DataItem tampered = it.message(pid);
    tampered.setData(ByteBuffer.wrap(new byte[] {1}));
    it.send(tampered);
    DataItem orphan = it.message(DataItems.id(it.process()));
    it.send(orphan);
    DataItem noModule = DataItems.sign(it.user, null, null,
        List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Process"), new Tag("Scheduler", "x")), new byte[0]);
    it.send(noModule);
    it.producer.flush();

    List<Rejection> rs = it.readUntil(it.rejected, Duration.ofSeconds(60), l -> l.size() >= 4).stream()
        .map(r -> it.codec.rejection.deserializer().deserialize(it.rejected, r.value())).toList();
    assertThat(rs).extracting(Rejection::getReasonCode)
        .contains("UNDECODABLE_RECORD", "BAD_SIGNATURE", "UNKNOWN_PROCESS", "MISSING_TAG");
    assertThat(rs).allSatisfy(r -> {
      assertThat(r.getUnit()).isEqualTo("su");
      assertThat(r.getMessage()).isNotBlank();
      assertThat(r.getSourceTopic()).isEqualTo(it.schedule);
    });
    assertThat(rs.stream().filter(r -> r.getReasonCode().equals("UNKNOWN_PROCESS")).findFirst().orElseThrow()
        .getItemId()).isEqualTo(DataItems.id(orphan));
    // the pipeline kept going: the good process is scheduled
    assertThat(scheduleOf(pid, 1)).hasSize(1);
  }

  @Test
  void anItemJustBelowTheDefaultLimitIsScheduledAndALargerOneRejected() {
    int limit = Integer.parseInt(VowstreamConfig.SU_MAX_ITEM_BYTES.defaultValue());
    DataItem p = it.process();
    String pid = DataItems.id(p);
    it.send(p);
    // Data 4 KiB below the limit leaves room for tags, owner and signature: the record value stays
    // within the limit, and the assignment around it within Kafka's 1 MiB record limit.
    DataItem fits = DataItems.sign(it.user, Base64Url.decode(pid), null,
        List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message")), new byte[limit - 4096]);
    DataItem tooLarge = DataItems.sign(it.user, Base64Url.decode(pid), null,
        List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message")), new byte[limit + 1]);
    it.send(fits);
    it.send(tooLarge);
    DataItem next = it.message(pid);
    it.send(next);
    it.producer.flush();

    List<ScheduledItem> s = scheduleOf(pid, 3);
    assertThat(s).extracting(x -> x.getAssignment().getMessageId())
        .containsExactly(null, DataItems.id(fits), DataItems.id(next));
    assertThat(s).extracting(x -> x.getAssignment().getNonce()).containsExactly(0L, 1L, 2L);
    Rejection r = it.readUntil(it.rejected, Duration.ofSeconds(60), l -> l.stream()
            .anyMatch(x -> it.codec.rejection.deserializer().deserialize(it.rejected, x.value()).getReasonCode()
                .equals("ITEM_TOO_LARGE"))).stream()
        .map(x -> it.codec.rejection.deserializer().deserialize(it.rejected, x.value()))
        .filter(x -> x.getReasonCode().equals("ITEM_TOO_LARGE")).findFirst().orElseThrow();
    assertThat(r.getItemId()).isEqualTo(DataItems.id(tooLarge));
    assertThat(r.getMessage()).contains(Integer.toString(limit));
  }

  @Test
  void concurrentProducersToOneProcessGiveOneLinearChain() throws Exception {
    DataItem p = it.process();
    String pid = DataItems.id(p);
    it.send(p);
    it.producer.flush();
    int threads = 4;
    int each = 50;
    List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        try (var own = ItSupport.newProducer()) {
          for (int i = 0; i < each; i++) {
            DataItem m = it.message(pid);
            sent.add(DataItems.id(m));
            own.send(new org.apache.kafka.clients.producer.ProducerRecord<>(it.schedule,
                it.codec.key.serializer().serialize(it.schedule, pid), it.codec.dataItem.serializer().serialize(it.schedule, m)));
          }
          own.flush();
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();

    List<ScheduledItem> s = scheduleOf(pid, 1 + threads * each);
    List<Assignment> chain = s.stream().map(ScheduledItem::getAssignment).toList();
    assertThat(chain).hasSize(1 + threads * each);
    assertThat(HashChain.verify(pid, chain)).isEmpty();
    assertThat(chain.stream().skip(1).map(Assignment::getMessageId).toList()).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void theHttpApiServesScheduleProcessLatestAndItems() throws Exception {
    DataItem p = it.process();
    String pid = DataItems.id(p);
    it.send(p);
    List<String> mids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      DataItem m = it.message(pid);
      mids.add(DataItems.id(m));
      it.send(m);
    }
    it.producer.flush();
    List<ScheduledItem> s = scheduleOf(pid, 6);
    String base = unit.httpUrl();

    JsonNode latest = awaitJson(base + "/processes/" + pid + "/latest",
        n -> n.path("message").path("id").asText().equals(mids.get(4)));
    assertThat(latest.path("assignment").path("id").asText()).isEqualTo(s.get(5).getAssignment().getId());

    JsonNode page = getJson(base + "/processes/" + pid + "/schedule?limit=4", 200);
    assertThat(page.path("page_info").path("has_next_page").asBoolean()).isTrue();
    assertThat(page.path("edges")).hasSize(4);
    assertThat(page.path("edges").get(0).path("cursor").asText()).isEqualTo("0");
    assertThat(page.path("edges").get(0).path("node").path("message").path("id").asText()).isEqualTo(pid);
    JsonNode rest = getJson(base + "/processes/" + pid + "/schedule?from=3&limit=4", 200);
    assertThat(rest.path("page_info").path("has_next_page").asBoolean()).isFalse();
    assertThat(rest.path("edges")).hasSize(2);
    assertThat(rest.path("edges").get(0).path("node").path("message").path("id").asText()).isEqualTo(mids.get(3));
    JsonNode window = getJson(base + "/processes/" + pid + "/schedule?from=0&to=2", 200);
    assertThat(window.path("edges")).hasSize(2);

    JsonNode process = getJson(base + "/processes/" + pid, 200);
    assertThat(process.path("process_id").asText()).isEqualTo(pid);
    assertThat(process.path("assignment").path("id").asText()).isEqualTo(s.get(0).getAssignment().getId());
    assertThat(process.path("tags").toString()).contains("\"Module\"");

    JsonNode byMessage = getJson(base + "/items/" + mids.get(1), 200);
    assertThat(byMessage.path("assignment").path("tags").toString()).contains("\"Nonce\",\"value\":\"2\"");
    JsonNode byAssignment = getJson(base + "/items/" + s.get(2).getAssignment().getId(), 200);
    assertThat(byAssignment.path("message").path("id").asText()).isEqualTo(mids.get(1));

    assertThat(getJson(base + "/items/nope", 404).path("error").asText()).contains("nope");
    assertThat(getJson(base + "/processes/" + pid + "/schedule?limit=abc", 400).path("error").asText())
        .contains("'limit' must be an integer");
    assertThat(getJson(base + "/health", 200).path("status").asText()).isEqualTo("UP");
    String metrics = get(base + "/metrics", 200);
    assertThat(metrics).contains("vowstream_su_assigned_total").contains("vowstream_stage_transaction_duration")
        .contains("vowstream_su_nonce_head{").contains("vowstream_stage_restore_duration");
  }

  private JsonNode awaitJson(String url, java.util.function.Predicate<JsonNode> ok) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && ok.test(json.readTree(r.body()))) {
        return json.readTree(r.body());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("GET " + url + " did not reach the expected state: " + r.statusCode() + " " + r.body());
      }
      Thread.sleep(100);
    }
  }

  private JsonNode getJson(String url, int status) throws Exception {
    return json.readTree(get(url, status));
  }

  private String get(String url, int status) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(status);
    return r.body();
  }
}
