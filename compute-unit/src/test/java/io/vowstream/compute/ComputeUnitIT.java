package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.scheduler.SchedulerUnit;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CU in this JVM behind a real SU, on the real broker and registry: boot and increments of a
 * counter through the SU, the HTTP API, exactly one result per item, and tampered assignments that
 * halt only their own process.
 */
class ComputeUnitIT {
  static ComputeItSupport it;
  static SchedulerUnit su;
  static ComputeUnit cu;
  static final long WAIT_MS = 2_000;

  @BeforeAll
  static void start() throws Exception {
    it = new ComputeItSupport(2);
    Path dir = Files.createTempDirectory("cu-it");
    Map<String, String> settings = new LinkedHashMap<>(it.settings(dir.resolve("su-key.json")));
    settings.put(VowstreamConfig.CU_RESULT_WAIT_MS.name(), Long.toString(WAIT_MS));
    settings.put(VowstreamConfig.CU_CHECKPOINT_INTERVAL.name(), "1");
    su = SchedulerUnit.start(ComputeItSupport.config(settings));
    cu = ComputeUnit.start(ComputeItSupport.config(settings));
  }

  @AfterAll
  static void stop() {
    if (cu != null) {
      cu.close();
    }
    if (su != null) {
      su.close();
    }
    it.close();
  }

  @Test
  void aCounterScheduledByTheSuBootsAndCountsWithOneResultPerItem() throws Exception {
    DataItem process = it.counter(5);
    String pid = DataItems.id(process);
    it.schedule(process);
    List<String> mids = new ArrayList<>();
    for (int q = 1; q <= 5; q++) {
      DataItem m = it.increment(pid, q);
      mids.add(DataItems.id(m));
      it.schedule(m);
    }
    DataItem get = it.message(pid, "Action", "Get");
    it.schedule(get);
    it.producer.flush();
    String base = cu.httpUrl();

    JsonNode boot = it.awaitJson(base + "/result/" + pid, n -> true);
    assertThat(boot.path("nonce").asLong()).isZero();
    assertThat(boot.path("message_id").asText()).isEqualTo(pid);
    assertThat(boot.path("Output").asText()).isEqualTo("booted with count 5");
    assertThat(boot.path("Error").isNull()).isTrue();

    // 5 + 1 + 2 + 3 + 4 + 5 = 20
    JsonNode last = it.awaitJson(base + "/result/" + DataItems.id(get) + "?process-id=" + pid, n -> true);
    assertThat(last.path("nonce").asLong()).isEqualTo(6);
    assertThat(last.path("Output").asText()).isEqualTo("20");
    assertThat(last.path("Messages").get(0).path("Target").asText()).isEqualTo(it.user.address());
    JsonNode third = it.getJson(base + "/result/" + mids.get(2) + "?process-id=" + pid, 200);
    assertThat(third.path("Output").asText()).isEqualTo("11");

    JsonNode page = it.getJson(base + "/results/" + pid + "?limit=4", 200);
    assertThat(page.path("page_info").path("has_next_page").asBoolean()).isTrue();
    assertThat(page.path("edges")).extracting(e -> e.path("cursor").asText()).containsExactly("0", "1", "2", "3");
    JsonNode rest = it.getJson(base + "/results/" + pid + "?from=3&limit=4", 200);
    assertThat(rest.path("page_info").path("has_next_page").asBoolean()).isFalse();
    assertThat(rest.path("edges")).extracting(e -> e.path("node").path("Output").asText())
        .containsExactly("15", "20", "20");

    JsonNode state = it.awaitJson(base + "/state/" + pid, n -> n.path("nonce").asLong() == 6);
    assertThat(state.path("module").asText()).isEqualTo("counter@1");
    assertThat(state.path("halted").asBoolean()).isFalse();
    assertThat(state.path("state").path("count").asLong()).isEqualTo(20);
    assertThat(state.path("state").path("owner").asText()).isEqualTo(it.user.address());

    // read_committed: exactly one result per scheduled item, nothing more arrives later
    List<Result> results = it.resultsOf(pid, it.readUntil(it.results, Duration.ofSeconds(3), rs -> false));
    assertThat(results).extracting(Result::getNonce).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(results.subList(1, 6)).extracting(Result::getMessageId).containsExactlyElementsOf(mids);

    JsonNode unknown = it.getJson(base + "/result/no-such-message?process-id=" + pid, 404);
    assertThat(unknown.path("error").asText()).contains("no-such-message").contains(WAIT_MS + " ms");
    assertThat(it.getJson(base + "/state/no-such-process", 404).path("error").asText()).contains("unknown process");
    assertThat(it.getJson(base + "/health", 200).path("status").asText()).isEqualTo("UP");
    String metrics = it.get(base + "/metrics").body();
    assertThat(metrics).contains("vowstream_cu_evaluations_total{").contains("vowstream_cu_processes{")
        .contains("vowstream_cu_flows{").contains("vowstream_stage_transaction_duration")
        .contains("vowstream_stage_restore_duration");
  }

  @Test
  void tamperedAssignmentsHaltOnlyTheirProcess() throws Exception {
    Signer fakeSu = Signer.ed25519(ComputeItSupport.randomSeed());
    Map<String, String> expectedCode = new LinkedHashMap<>();
    Map<String, String> tamperedMessage = new HashMap<>();
    Map<String, String> lateMessage = new HashMap<>();
    List<String> codes = List.of("CHAIN_BREAK", "BAD_SIGNATURE", "NONCE_GAP");
    for (String code : codes) {
      DataItem p = it.counter(0);
      ComputeItSupport.Chain c = new ComputeItSupport.Chain(fakeSu, DataItems.id(p));
      it.assign(c.boot(p));
      it.assign(c.msg(it.increment(c.pid, 1)));
      DataItem bad = it.increment(c.pid, 100);
      switch (code) {
        case "CHAIN_BREAK" -> it.assign(c.next(bad, DataItems.id(bad), a -> {
          a.setHashChain(c.pid); // a well-formed value, but not the link
          return a;
        }));
        case "BAD_SIGNATURE" -> it.assign(c.next(bad, DataItems.id(bad), a -> {
          byte[] sig = a.getItem().getSignature().array().clone();
          sig[0] ^= 1;
          a.getItem().setSignature(ByteBuffer.wrap(sig));
          return a;
        }));
        default -> {
          c.nextNonce++; // skip a nonce
          it.assign(c.msg(bad));
        }
      }
      DataItem late = it.increment(c.pid, 1000);
      it.assign(c.msg(late));
      expectedCode.put(c.pid, code);
      tamperedMessage.put(c.pid, DataItems.id(bad));
      lateMessage.put(c.pid, DataItems.id(late));
    }
    // A well-behaved process on the same partitions keeps going.
    DataItem good = it.counter(10);
    ComputeItSupport.Chain g = new ComputeItSupport.Chain(fakeSu, DataItems.id(good));
    it.assign(g.boot(good));
    for (int i = 0; i < 3; i++) {
      it.assign(g.msg(it.increment(g.pid, 1)));
    }
    it.producer.flush();
    String base = cu.httpUrl();

    for (var e : expectedCode.entrySet()) {
      String pid = e.getKey();
      String code = e.getValue();
      List<Result> rs = it.awaitResults(pid, 4);
      assertThat(rs).as("results of the %s process", code).hasSize(4);
      assertThat(rs.get(0).getError()).isNull();
      assertThat(rs.get(1).getError()).isNull();
      assertThat(rs.get(1).getOutput()).isEqualTo("1");
      assertThat(rs.get(2).getMessageId()).isEqualTo(tamperedMessage.get(pid));
      assertThat(rs.get(2).getError()).isNotNull();
      assertThat(rs.get(2).getError().getCode()).isEqualTo(code);
      assertThat(rs.get(3).getMessageId()).isEqualTo(lateMessage.get(pid));
      assertThat(rs.get(3).getError().getCode()).isEqualTo("PROCESS_HALTED");
      assertThat(rs.get(3).getError().getMessage()).contains(code);

      JsonNode state = it.awaitJson(base + "/state/" + pid, n -> n.path("halted").asBoolean());
      assertThat(state.path("halt_reason").asText()).startsWith(code);
      assertThat(state.path("state").path("count").asLong()).as("state before the break").isEqualTo(1);
      JsonNode viaApi = it.awaitJson(base + "/result/" + tamperedMessage.get(pid) + "?process-id=" + pid, n -> true);
      assertThat(viaApi.path("Error").path("code").asText()).isEqualTo(code);
      assertThat(viaApi.path("Error").path("message").asText()).isNotBlank();
    }
    List<Rejection> rejections = it.rejections(it.readUntil(it.rejected, Duration.ofSeconds(60),
        rs -> it.rejections(rs).stream().filter(r -> r.getUnit().equals("cu")).count() >= codes.size()));
    for (var e : expectedCode.entrySet()) {
      Optional<Rejection> r = rejections.stream().filter(x -> x.getUnit().equals("cu")
          && x.getReasonCode().equals(e.getValue())).findFirst();
      assertThat(r).as("rejection %s", e.getValue()).isPresent();
      assertThat(r.get().getSourceTopic()).isEqualTo(it.assignments);
      assertThat(r.get().getMessage()).isNotBlank();
      ByteBuffer in = r.get().getInput().duplicate();
      byte[] input = new byte[in.remaining()];
      in.get(input);
      assertThat(it.scheduledItem.deserializer().deserialize(it.assignments, input).getAssignment().getProcessId())
          .as("the rejected input is the tampered assignment").isEqualTo(e.getKey());
    }
    List<Result> goodResults = it.awaitResults(g.pid, 4);
    assertThat(goodResults).extracting(Result::getOutput).containsExactly("booted with count 10", "11", "12", "13");
    assertThat(goodResults).allSatisfy(r -> assertThat(r.getError()).isNull());
    JsonNode goodState = it.awaitJson(base + "/state/" + g.pid, n -> n.path("nonce").asLong() == 3);
    assertThat(goodState.path("halted").asBoolean()).isFalse();

    // gauges read a totals snapshot that may be a second old: scrape until it shows the halts
    String metrics = it.get(base + "/metrics").body();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (gauge(metrics, "vowstream_cu_processes_halted") < codes.size() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      metrics = it.get(base + "/metrics").body();
    }
    assertThat(gauge(metrics, "vowstream_cu_processes_halted")).isGreaterThanOrEqualTo(codes.size());
    for (String code : codes) {
      assertThat(gauge(metrics, "vowstream_cu_halts_total{code=\"" + code + "\"")).as("halts %s", code)
          .isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void dryRunAnswersFromTheCurrentStateWithoutChangingIt() throws Exception {
    DataItem process = it.counter(40);
    String pid = DataItems.id(process);
    it.schedule(process);
    it.schedule(it.increment(pid, 2));
    it.producer.flush();
    String base = cu.httpUrl();
    it.awaitJson(base + "/state/" + pid, n -> n.path("nonce").asLong() == 1);

    byte[] body = "{\"Tags\":[{\"name\":\"Action\",\"value\":\"Get\"}]}".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = it.http.send(HttpRequest.newBuilder(URI.create(base + "/dry-run?process-id=" + pid))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode dry = ComputeItSupport.JSON.readTree(r.body());
    assertThat(dry.path("Output").asText()).isEqualTo("42");
    // a stranger's increment is refused in the dry run, and nothing changed
    byte[] inc = "{\"Tags\":[{\"name\":\"Action\",\"value\":\"Increment\"}]}".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r2 = it.http.send(HttpRequest.newBuilder(URI.create(base + "/dry-run?process-id=" + pid))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(inc)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ComputeItSupport.JSON.readTree(r2.body()).path("Error").path("code").asText()).isEqualTo("NOT_OWNER");
    JsonNode state = it.getJson(base + "/state/" + pid, 200);
    assertThat(state.path("nonce").asLong()).isEqualTo(1);
    assertThat(state.path("state").path("count").asLong()).isEqualTo(42);
    // no result was written for the dry runs: the topic holds the boot and the increment only
    assertThat(it.resultsOf(pid, it.readUntil(it.results, Duration.ofSeconds(3), rs -> false)))
        .extracting(Result::getNonce).containsExactly(0L, 1L);
  }

  @Test
  void onBootNamingAScheduledItemBootsFromItsData() throws Exception {
    DataItem carrier = it.counter(0);
    String carrierId = DataItems.id(carrier);
    it.schedule(carrier);
    DataItem input = DataItems.sign(it.user, io.vowstream.dataitem.Base64Url.decode(carrierId), null,
        List.of(new io.vowstream.schemas.Tag("Data-Protocol", "ao"), new io.vowstream.schemas.Tag("Type", "Message"),
            new io.vowstream.schemas.Tag("Action", "Get")), "77".getBytes(StandardCharsets.UTF_8));
    it.schedule(input);
    it.producer.flush();
    it.awaitResults(carrierId, 2); // the input item is on the schedule (and committed) before the process boots

    DataItem fromItem = DataItems.sign(it.user, null, null, List.of(new io.vowstream.schemas.Tag("Data-Protocol", "ao"),
        new io.vowstream.schemas.Tag("Type", "Process"), new io.vowstream.schemas.Tag("Module", "counter@1"),
        new io.vowstream.schemas.Tag("Scheduler", "su"), new io.vowstream.schemas.Tag("On-Boot", DataItems.id(input))),
        new byte[0]);
    DataItem fromNothing = DataItems.sign(it.user, null, null, List.of(new io.vowstream.schemas.Tag("Data-Protocol", "ao"),
        new io.vowstream.schemas.Tag("Type", "Process"), new io.vowstream.schemas.Tag("Module", "counter@1"),
        new io.vowstream.schemas.Tag("Scheduler", "su"),
        new io.vowstream.schemas.Tag("On-Boot", io.vowstream.dataitem.Base64Url.encode(new byte[32]))), new byte[0]);
    it.schedule(fromItem);
    it.schedule(fromNothing);
    it.producer.flush();
    String base = cu.httpUrl();
    JsonNode booted = it.awaitJson(base + "/result/" + DataItems.id(fromItem), n -> true);
    assertThat(booted.path("Error").isNull()).as(booted.toString()).isTrue();
    assertThat(booted.path("Output").asText()).isEqualTo("booted with count 77");
    JsonNode unresolved = it.awaitJson(base + "/result/" + DataItems.id(fromNothing), n -> true);
    assertThat(unresolved.path("Error").path("code").asText()).isEqualTo("UNRESOLVED_BOOT_INPUT");
  }

  /** The value of the first Prometheus sample whose line starts with {@code prefix}; -1 if none. */
  static double gauge(String scrape, String prefix) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }
}
