package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.http.HttpApiResponse;
import io.vowstream.runtime.http.HttpApiServer;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ResultError;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/** The HTTP API over a real server on a free port, with a fake fold and an index fed by the test. */
class ComputeApiTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
  static final Signer USER = Signer.ed25519(seed(3));
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  final ResultIndex index = new ResultIndex(new InMemorySchemaRegistryClient());
  final FakeFold fold = new FakeFold();
  final String pid = Base64Url.encode(seed(1));
  final String other = Base64Url.encode(seed(2));
  HttpApiServer server;
  String base;

  /** A fold that holds the processes the test puts in and answers dry-runs with a fixed output. */
  static final class FakeFold implements FoldView {
    final Map<String, ProcessView> processes = new LinkedHashMap<>();
    final List<DataItem> dryRuns = new ArrayList<>();

    @Override
    public Optional<ProcessView> process(String processId) {
      return Optional.ofNullable(processes.get(processId));
    }

    @Override
    public Optional<Result> dryRun(String processId, DataItem message) {
      if (!processes.containsKey(processId)) {
        return Optional.empty();
      }
      dryRuns.add(message);
      return Optional.of(result(processId, processes.get(processId).nonce(), DataItems.id(message), "dry " +
          DataItems.tag(message, "Action").orElse("?"), null));
    }

    @Override
    public FoldTotals totals() {
      return new FoldTotals(processes.size(), 1, Map.of("Sleeping", 2), 3);
    }
  }

  static byte[] seed(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  static Result result(String pid, long nonce, String messageId, @Nullable String output, @Nullable String error) {
    return Result.newBuilder().setProcessId(pid).setNonce(nonce).setMessageId(messageId)
        .setAssignmentId("a-" + nonce).setOutput(output)
        .setError(error == null ? null : ResultError.newBuilder().setCode(error).setMessage(error + " happened").build())
        .setMessages(new ArrayList<>(List.of(io.vowstream.schemas.OutboxMessage.newBuilder().setTarget("t")
            .setAnchor(null).setTags(List.of(new Tag("Action", "Reply"))).setData(ByteBuffer.wrap(new byte[] {1}))
            .build())))
        .setSpawns(new ArrayList<>()).setAssignments(new ArrayList<>()).setJournal(new ArrayList<>()).build();
  }

  @BeforeEach
  void start() {
    start(Duration.ofSeconds(30));
  }

  void start(Duration wait) {
    if (server != null) {
      server.close();
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ComputeMetrics metrics = new ComputeMetrics(meters, CLOCK);
    metrics.bindView(fold);
    ComputeApi api = new ComputeApi(index, fold, wait, CLOCK, Signer.ed25519(seed(9)), metrics::totals);
    server = api.serve("127.0.0.1", 0, () -> HttpApiResponse.text(200, "text/plain", "vowstream_cu_test 1\n"));
    base = server.baseUrl();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as("%s: %s", r.uri(), r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  @Test
  void aResultRequestWaitsUntilTheResultIsCommitted() throws Exception {
    CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
        HttpRequest.newBuilder(URI.create(base + "/result/m1?process-id=" + pid)).build(),
        HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (index.waiting() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(index.waiting()).as("the request waits in the index").isEqualTo(1);
    assertThat(pending).isNotDone();
    index.add(result(other, 1, "m1", "for the other process", null));
    index.add(result(pid, 3, "m1", "7", null));
    JsonNode r = json(pending.get(), 200);
    assertThat(r.path("process_id").asText()).isEqualTo(pid);
    assertThat(r.path("nonce").asLong()).isEqualTo(3);
    assertThat(r.path("Output").asText()).isEqualTo("7");
    assertThat(r.path("Error").isNull()).isTrue();
    assertThat(r.path("Messages").get(0).path("Tags").get(0).path("value").asText()).isEqualTo("Reply");
    assertThat(r.path("Messages").get(0).path("Data").asText()).isEqualTo(Base64Url.encode(new byte[] {1}));
    assertThat(index.waiting()).as("the waiter is forgotten").isZero();
  }

  /**
   * ao scenario 17: many requests for different messages of one process, arriving in any order
   * before any is computed, each get their own result as the one fold stream commits them (in
   * another order); none starts an evaluation of its own.
   */
  @Test
  void concurrentResultRequestsForOneProcessEachGetTheirOwnResultInAnyOrder() throws Exception {
    int n = 20;
    java.util.Random random = new java.util.Random(17);
    List<Integer> asked = new ArrayList<>(java.util.stream.IntStream.range(0, n).boxed().toList());
    java.util.Collections.shuffle(asked, random);
    Map<Integer, CompletableFuture<HttpResponse<String>>> pending = new LinkedHashMap<>();
    for (int i : asked) {
      pending.put(i, http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/result/m" + i + "?process-id=" + pid))
          .build(), HttpResponse.BodyHandlers.ofString()));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (index.waiting() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(index.waiting()).as("every request waits").isEqualTo(n);
    List<Integer> committed = new ArrayList<>(asked);
    java.util.Collections.shuffle(committed, random);
    for (int i : committed) {
      index.add(result(pid, i + 1, "m" + i, "out " + i, null));
    }
    for (Map.Entry<Integer, CompletableFuture<HttpResponse<String>>> e : pending.entrySet()) {
      JsonNode r = json(e.getValue().get(30, java.util.concurrent.TimeUnit.SECONDS), 200);
      assertThat(r.path("nonce").asLong()).isEqualTo(e.getKey() + 1);
      assertThat(r.path("Output").asText()).isEqualTo("out " + e.getKey());
    }
    assertThat(index.waiting()).isZero();
    assertThat(fold.dryRuns).as("a result request never evaluates").isEmpty();
  }

  @Test
  void anUnknownResultIs404AfterTheWaitAndTheWaiterIsForgotten() throws Exception {
    start(Duration.ofMillis(50));
    JsonNode r = json(get("/result/nope?process-id=" + pid), 404);
    assertThat(r.path("error").asText()).contains("nope").contains(pid).contains("50 ms");
    assertThat(index.waiting()).isZero();
  }

  @Test
  void theBootResultIsFoundByProcessIdAndErrorsCarryCodeAndMessage() throws Exception {
    index.add(result(pid, 0, pid, null, "CHAIN_BREAK"));
    JsonNode r = json(get("/result/" + pid), 200);
    assertThat(r.path("nonce").asLong()).isZero();
    assertThat(r.path("Error").path("code").asText()).isEqualTo("CHAIN_BREAK");
    assertThat(r.path("Error").path("message").asText()).isEqualTo("CHAIN_BREAK happened");
  }

  @Test
  void aMessageEvaluatedByTwoProcessesNeedsAProcessId() throws Exception {
    index.add(result(pid, 1, "shared", "a", null));
    index.add(result(other, 1, "shared", "b", null));
    assertThat(json(get("/result/shared"), 400).path("error").asText()).contains("process-id");
    assertThat(json(get("/result/shared?process-id=" + other), 200).path("Output").asText()).isEqualTo("b");
  }

  @Test
  void resultsArePagedByNonce() throws Exception {
    for (int n = 0; n < 5; n++) {
      index.add(result(pid, n, n == 0 ? pid : "m" + n, Integer.toString(n), null));
    }
    JsonNode first = json(get("/results/" + pid + "?limit=2"), 200);
    assertThat(first.path("page_info").path("has_next_page").asBoolean()).isTrue();
    assertThat(first.path("edges")).hasSize(2);
    assertThat(first.path("edges").get(0).path("cursor").asText()).isEqualTo("0");
    JsonNode rest = json(get("/results/" + pid + "?from=2&limit=10"), 200);
    assertThat(rest.path("page_info").path("has_next_page").asBoolean()).isFalse();
    assertThat(rest.path("edges")).extracting(e -> e.path("node").path("nonce").asLong()).containsExactly(3L, 4L);
    JsonNode window = json(get("/results/" + pid + "?from=0&to=2"), 200);
    assertThat(window.path("edges")).extracting(e -> e.path("node").path("Output").asText()).containsExactly("1", "2");
    assertThat(json(get("/results/" + pid + "?limit=0"), 400).path("error").asText()).contains("'limit'");
    assertThat(json(get("/results/" + pid + "?from=x"), 400).path("error").asText()).contains("'from'");
    assertThat(json(get("/results/" + other), 404).path("error").asText()).contains(other);
  }

  @Test
  void stateShowsTheHeldProcessAndSays421ForOneFoldedElsewhere() throws Exception {
    fold.processes.put(pid, new FoldView.ProcessView(pid, 4, "counter@1", "owner-1", "CHAIN_BREAK: bad chain",
        Map.of("count", 9L), Map.of("Sleeping", 1)));
    JsonNode s = json(get("/state/" + pid), 200);
    assertThat(s.path("nonce").asLong()).isEqualTo(4);
    assertThat(s.path("module").asText()).isEqualTo("counter@1");
    assertThat(s.path("owner").asText()).isEqualTo("owner-1");
    assertThat(s.path("halted").asBoolean()).isTrue();
    assertThat(s.path("halt_reason").asText()).isEqualTo("CHAIN_BREAK: bad chain");
    assertThat(s.path("state").path("count").asLong()).isEqualTo(9);
    assertThat(s.path("flows").path("Sleeping").asInt()).isEqualTo(1);

    index.add(result(other, 0, other, "booted", null));
    assertThat(json(get("/state/" + other), 421).path("error").asText()).contains("another instance");
    assertThat(json(get("/state/unknown"), 404).path("error").asText()).contains("unknown process");
  }

  @Test
  void dryRunTakesAnAns104ItemOrJsonAndChangesNothing() throws Exception {
    fold.processes.put(pid, new FoldView.ProcessView(pid, 2, "counter@1", null, null, Map.of(), Map.of()));
    DataItem item = DataItems.sign(USER, Base64Url.decode(pid), null, List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Message"), new Tag("Action", "Get")), new byte[0]);
    JsonNode raw = json(post("/dry-run", "application/octet-stream", Ans104.encode(item)), 200);
    assertThat(raw.path("Output").asText()).isEqualTo("dry Get");
    assertThat(raw.path("message_id").asText()).isEqualTo(DataItems.id(item));

    byte[] body = "{\"Tags\":[{\"name\":\"Action\",\"value\":\"Peek\"}],\"Data\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
    JsonNode fromJson = json(post("/dry-run?process-id=" + pid, "application/json", body), 200);
    assertThat(fromJson.path("Output").asText()).isEqualTo("dry Peek");
    DataItem made = fold.dryRuns.getLast();
    assertThat(DataItems.targetId(made)).contains(pid);
    assertThat(DataItems.tag(made, "Type")).contains("Message");
    assertThat(new String(made.getData().array(), StandardCharsets.UTF_8)).isEqualTo("hi");
    assertThat(DataItems.verify(made)).isInstanceOf(io.vowstream.dataitem.VerificationResult.Valid.class);

    assertThat(json(post("/dry-run", "application/json", body), 400).path("error").asText()).contains("process-id");
    assertThat(json(post("/dry-run?process-id=" + pid, "application/octet-stream", new byte[] {1, 2, 3}), 400)
        .path("error").asText()).contains("ANS-104");
    assertThat(json(post("/dry-run?process-id=" + other, "application/octet-stream", Ans104.encode(item)), 400)
        .path("error").asText()).contains("targets");
    assertThat(json(post("/dry-run?process-id=" + other, "application/json", body), 404).path("error").asText())
        .contains("unknown process");
    assertThat(fold.dryRuns).hasSize(2);
  }

  @Test
  void healthAndMetricsAnswer() throws Exception {
    index.add(result(pid, 0, pid, "x", null));
    JsonNode h = json(get("/health"), 200);
    assertThat(h.path("status").asText()).isEqualTo("UP");
    assertThat(h.path("results_indexed").asLong()).isEqualTo(1);
    assertThat(h.path("halted").asInt()).isEqualTo(1);
    assertThat(h.path("timestamp").asLong()).isEqualTo(CLOCK.millis());
    HttpResponse<String> m = get("/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body()).contains("vowstream_cu_test 1");
  }

  private Result tick(long nonce, String key, String output) {
    return Result.newBuilder(result(pid, nonce, FoldProcessor.cronItemId(pid, nonce, key), output, null))
        .setCron(key).build();
  }

  private static List<String> cursors(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("edges").forEach(e -> out.add(e.path("cursor").asText()));
    return out;
  }

  /** ao scenario 15: cron results page by ordinate and evaluation order, apart from /results. */
  @Test
  void cronResultsArePagedByOrdinateAndCursorAndKeptOutOfResults() throws Exception {
    index.add(result(pid, 0, pid, "booted", null));
    index.add(tick(0, "0:2-5-seconds", "b"));
    index.add(tick(0, "0:1-5-seconds", "a")); // committed after b: evaluation order, not key order
    index.add(result(pid, 1, "m1", "one", null));
    index.add(tick(1, "1:1-2-blocks", "c"));
    index.add(tick(1, "0:3-5-seconds", "d"));
    index.add(tick(1, "1:1-2-blocks", "c again")); // a re-delivered copy keeps its place
    index.add(result(pid, 2, "m2", "two", null));

    JsonNode all = json(get("/cron/" + pid), 200);
    assertThat(cursors(all)).containsExactly("0,0:2-5-seconds", "0,0:1-5-seconds", "1,1:1-2-blocks", "1,0:3-5-seconds");
    assertThat(all.path("page_info").path("has_next_page").asBoolean()).isFalse();
    JsonNode first = all.path("edges").get(0).path("node");
    assertThat(first.path("cron").asText()).isEqualTo("0:2-5-seconds");
    assertThat(first.path("nonce").asLong()).isZero();
    assertThat(first.path("message_id").asText()).isEqualTo(FoldProcessor.cronItemId(pid, 0, "0:2-5-seconds"));
    assertThat(all.path("edges").get(2).path("node").path("Output").asText()).isEqualTo("c again");

    JsonNode page1 = json(get("/cron/" + pid + "?limit=3"), 200);
    assertThat(cursors(page1)).hasSize(3);
    assertThat(page1.path("page_info").path("has_next_page").asBoolean()).isTrue();
    JsonNode page2 = json(get("/cron/" + pid + "?limit=3&from=" + cursors(page1).get(2)), 200);
    assertThat(cursors(page2)).containsExactly("1,0:3-5-seconds");
    assertThat(page2.path("page_info").path("has_next_page").asBoolean()).isFalse();
    JsonNode mid = json(get("/cron/" + pid + "?limit=1&from=" + cursors(page1).get(0)), 200);
    assertThat(cursors(mid)).containsExactly("0,0:1-5-seconds");
    assertThat(mid.path("page_info").path("has_next_page").asBoolean()).isTrue();
    assertThat(cursors(json(get("/cron/" + pid + "?from=0"), 200))).containsExactly("1,1:1-2-blocks",
        "1,0:3-5-seconds");
    assertThat(cursors(json(get("/cron/" + pid + "?from=1"), 200))).isEmpty();

    // scheduled results keep their own pages and shape; a tick's result is found by its id
    JsonNode results = json(get("/results/" + pid), 200);
    assertThat(cursors(results)).containsExactly("0", "1", "2");
    assertThat(results.path("edges").get(1).path("node").path("Output").asText()).isEqualTo("one");
    assertThat(results.path("edges").get(1).path("node").has("cron")).isFalse();
    JsonNode byId = json(get("/result/" + FoldProcessor.cronItemId(pid, 0, "0:1-5-seconds") + "?process-id=" + pid), 200);
    assertThat(byId.path("Output").asText()).isEqualTo("a");

    assertThat(json(get("/cron/" + other), 404).path("error").asText()).contains(other);
    assertThat(json(get("/cron/" + pid + "?limit=1001"), 400).path("error").asText()).contains("'limit'");
    assertThat(json(get("/cron/" + pid + "?from=x"), 400).path("error").asText()).contains("'from'");
  }
}
