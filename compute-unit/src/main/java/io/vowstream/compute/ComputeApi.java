package io.vowstream.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.http.HttpApiRequest;
import io.vowstream.runtime.http.HttpApiResponse;
import io.vowstream.runtime.http.HttpApiServer;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.JournalEntry;
import io.vowstream.schemas.OutboxAssignment;
import io.vowstream.schemas.OutboxMessage;
import io.vowstream.schemas.OutboxSpawn;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The CU's HTTP API. Results come from the {@link ResultIndex} (any instance answers for any
 * process); state and dry-run from the {@link FoldView} (only the instance folding the process).
 *
 * <p>JSON shapes follow the ao CU and the SU's API: a result is {@code {process_id, nonce,
 * message_id, assignment_id, [cron,] Output, Error, Messages, Spawns, Assignments, journal}} with {@code
 * Error} either null or {@code {code, message}} and bytes as base64url; a page is {@code
 * {page_info:{has_next_page}, edges:[{node, cursor}]}} with the nonce as cursor. Errors are {@code
 * {"error": message}}: 400 bad request, 404 unknown, 421 a process this instance does not fold.
 *
 * <p>Served by runtime's {@link HttpApiServer}, which runs handlers off the event loop: {@code
 * /result} may wait, and the fold answers {@code /state} and {@code /dry-run} between batches.
 */
final class ComputeApi {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  /** Largest dry-run body; Kafka's default record limit is 1 MiB, so no real item is larger. */
  static final int MAX_DRY_RUN_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ResultIndex index;
  private final FoldView fold;
  private final Duration resultWait;
  private final Clock clock;
  private final Signer dryRunKey;
  private final Supplier<FoldView.FoldTotals> totals;

  /**
   * @param resultWait how long {@code /result} waits for a result that is not committed yet
   * @param dryRunKey signs the messages of JSON dry-run requests (a throwaway key: such a message
   *     comes from a stranger, never from a process's owner)
   * @param totals the fold's totals for {@code /health}
   */
  ComputeApi(ResultIndex index, FoldView fold, Duration resultWait, Clock clock, Signer dryRunKey,
      Supplier<FoldView.FoldTotals> totals) {
    this.index = index;
    this.fold = fold;
    this.resultWait = resultWait;
    this.clock = clock;
    this.dryRunKey = dryRunKey;
    this.totals = totals;
  }

  /**
   * {@code GET /result/{id}?process-id=}: the result of message {@code id} (with {@code
   * process-id}: of that process), or the boot result when {@code id} is a process id. Waits up to
   * the configured time for it to be committed; 404 afterwards. (The server runs handlers off the
   * event loop, so a waiting request holds a bounded-elastic thread, not a Netty one.)
   */
  HttpApiResponse result(HttpApiRequest req) {
    String id = req.pathParam("id");
    String pid = req.queryParam("process-id").orElse(null);
    CompletableFuture<Result> f = index.await(id, pid);
    try {
      return HttpApiResponse.json(200, result(f.get(resultWait.toMillis(), TimeUnit.MILLISECONDS)));
    } catch (TimeoutException e) {
      return HttpApiResponse.error(404, "no result for "
          + (pid == null ? "message or process " + id : "message " + id + " of process " + pid)
          + " within " + resultWait.toMillis() + " ms: it is unknown, not scheduled yet or not evaluated yet");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HttpApiResponse.error(503, "interrupted while waiting for the result of " + id);
    } finally {
      index.cancel(id, f); // before the answer leaves
    }
  }

  /**
   * {@code GET /results/{pid}?from=&to=&limit=}: results by nonce; {@code from} exclusive (absent
   * or -1 includes nonce 0), {@code to} inclusive, {@code limit} 1..1000 (default 100).
   */
  HttpApiResponse results(HttpApiRequest req) {
    String pid = req.pathParam("pid");
    long from = req.afterNonceParam("from");
    long to = req.longParam("to").orElse(Long.MAX_VALUE);
    long limit = req.limitParam(DEFAULT_LIMIT, MAX_LIMIT);
    NavigableMap<Long, Result> all = index.results(pid);
    if (all.isEmpty()) {
      throw new NoSuchElementException("process " + pid + " has no committed result");
    }
    NavigableMap<Long, Result> range = from >= to ? new java.util.TreeMap<>() : all.subMap(from, false, to, true);
    List<Result> shown = range.values().stream().limit(limit).toList();
    return page(shown, range.size() > shown.size(), r -> Long.toString(r.getNonce()));
  }

  /** A page of results: {@code {page_info:{has_next_page}, edges:[{node, cursor}]}}. */
  private HttpApiResponse page(List<Result> shown, boolean hasNext, Function<Result, String> cursor) {
    List<Map<String, Object>> edges = new ArrayList<>();
    for (Result r : shown) {
      Map<String, Object> edge = new LinkedHashMap<>();
      edge.put("node", result(r));
      edge.put("cursor", cursor.apply(r));
      edges.add(edge);
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("page_info", Map.of("has_next_page", hasNext));
    page.put("edges", edges);
    return HttpApiResponse.json(200, page);
  }

  /**
   * {@code GET /cron/{pid}?from=&limit=}: the process's cron results (as ao's {@code /cron}), by
   * ordinate and, within one, in evaluation order. {@code from} is either a nonce (exclusive: the
   * ticks after that scheduled item and later; absent or -1 for all) or an edge's cursor {@code
   * <nonce>,<cron key>} (the results after it); {@code limit} 1..1000 (default 100). Only committed
   * results are shown: a tick is evaluated when the next scheduled item after its time arrives.
   */
  HttpApiResponse cron(HttpApiRequest req) {
    String pid = req.pathParam("pid");
    String from = req.queryParam("from").orElse("-1");
    long limit = req.limitParam(DEFAULT_LIMIT, MAX_LIMIT);
    int comma = from.indexOf(',');
    long fromNonce;
    try {
      fromNonce = Long.parseLong(comma < 0 ? from : from.substring(0, comma));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter 'from' must be a nonce or a cursor <nonce>,<cron key>, got '"
          + from + "'");
    }
    if (fromNonce < -1) {
      throw new IllegalArgumentException("query parameter 'from' must be -1 or a nonce, got " + fromNonce);
    }
    String afterKey = comma < 0 ? null : from.substring(comma + 1);
    if (!index.knows(pid)) {
      throw new NoSuchElementException("process " + pid + " has no committed result");
    }
    NavigableMap<Long, List<Result>> all = index.crons(pid);
    List<Result> after = new ArrayList<>();
    for (var e : all.tailMap(fromNonce, afterKey != null).entrySet()) {
      List<Result> ticks = e.getValue();
      int start = 0;
      if (afterKey != null && e.getKey() == fromNonce) {
        start = ticks.size(); // an unknown key at the cursor's nonce skips that nonce
        for (int i = 0; i < ticks.size(); i++) {
          if (ticks.get(i).getCron().equals(afterKey)) {
            start = i + 1;
          }
        }
      }
      after.addAll(ticks.subList(start, ticks.size()));
      if (after.size() > limit) {
        break;
      }
    }
    return page(after.subList(0, (int) Math.min(limit, after.size())), after.size() > limit,
        r -> r.getNonce() + "," + r.getCron());
  }

  /** {@code GET /state/{pid}}: the process as this instance folds it. */
  HttpApiResponse state(HttpApiRequest req) {
    String pid = req.pathParam("pid");
    Optional<FoldView.ProcessView> held = fold.process(pid);
    if (held.isEmpty()) {
      return notHere(pid);
    }
    FoldView.ProcessView p = held.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("process_id", p.processId());
    body.put("nonce", p.nonce());
    body.put("module", p.module());
    body.put("owner", p.owner());
    body.put("halted", p.haltReason() != null);
    body.put("halt_reason", p.haltReason());
    body.put("state", p.state());
    body.put("flows", p.flowsByState());
    return HttpApiResponse.json(200, body);
  }

  /**
   * {@code POST /dry-run?process-id=}: evaluates a message against the process's current state
   * without changing it or scheduling anything. The body is either a raw ANS-104 data item ({@code
   * application/octet-stream}, signed by anyone; its target names the process when {@code
   * process-id} is absent) or JSON {@code {"Tags":[{"name","value"}], "Data": "text"}}, which this
   * CU signs with a throwaway key.
   */
  HttpApiResponse dryRun(HttpApiRequest req) {
    String contentType = req.header("Content-Type").orElse(null);
    byte[] body = req.body();
    Optional<String> pidParam = req.queryParam("process-id");
    boolean json = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
    DataItem message;
    String pid;
    if (json) {
      pid = pidParam.orElseThrow(() -> new IllegalArgumentException(
          "a JSON dry-run needs the query parameter 'process-id'"));
      message = fromJson(pid, body);
    } else {
      try {
        message = Ans104.decode(body);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("the body is not an ANS-104 data item (send JSON with Content-Type "
            + "application/json otherwise): " + e.getMessage(), e);
      }
      Optional<String> target = DataItems.targetId(message);
      if (pidParam.isPresent() && target.isPresent() && !pidParam.get().equals(target.get())) {
        throw new IllegalArgumentException("the item targets " + target.get() + " but process-id is " + pidParam.get());
      }
      pid = pidParam.or(() -> target).orElseThrow(() -> new IllegalArgumentException(
          "the item has no target; name the process with the query parameter 'process-id'"));
    }
    Optional<Result> r = fold.dryRun(pid, message);
    return r.isPresent() ? HttpApiResponse.json(200, result(r.get())) : notHere(pid);
  }

  private DataItem fromJson(String pid, byte[] body) {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the dry-run body is not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("the dry-run body must be a JSON object {\"Tags\": [...], \"Data\": \"...\"}");
    }
    List<Tag> tags = new ArrayList<>();
    JsonNode tagList = node.path("Tags");
    if (!tagList.isMissingNode() && !tagList.isArray()) {
      throw new IllegalArgumentException("'Tags' must be an array of {\"name\", \"value\"}");
    }
    for (JsonNode t : tagList) {
      if (!t.path("name").isTextual() || !t.path("value").isTextual()) {
        throw new IllegalArgumentException("every tag needs a string 'name' and 'value', got " + t);
      }
      tags.add(new Tag(t.path("name").asText(), t.path("value").asText()));
    }
    if (tags.stream().noneMatch(t -> t.getName().equals("Type"))) {
      tags.addFirst(new Tag("Type", "Message"));
    }
    if (tags.stream().noneMatch(t -> t.getName().equals("Data-Protocol"))) {
      tags.addFirst(new Tag("Data-Protocol", "ao"));
    }
    byte[] data = node.path("Data").asText("").getBytes(StandardCharsets.UTF_8);
    byte[] target;
    try {
      target = Base64Url.decode(pid);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("process-id '" + pid + "' is not a base64url id", e);
    }
    if (target.length != 32) {
      throw new IllegalArgumentException("process-id '" + pid + "' is not a 32-byte id");
    }
    return DataItems.sign(dryRunKey, target, null, tags, data);
  }

  /** 421 for a process another instance folds (its results are known), else 404. */
  private HttpApiResponse notHere(String pid) {
    if (index.knows(pid)) {
      return HttpApiResponse.error(421, "process " + pid + " is not folded by this compute unit instance (its "
          + "partition is owned by another instance or is being restored); ask the instance that owns it");
    }
    throw new NoSuchElementException("unknown process " + pid + ": no schedule of it has reached this compute unit");
  }

  HttpApiResponse health(HttpApiRequest req) {
    FoldView.FoldTotals t = totals.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "UP");
    body.put("timestamp", clock.millis());
    body.put("results_indexed", index.indexedCount());
    body.put("processes", t.processes());
    body.put("halted", t.halted());
    return HttpApiResponse.json(200, body);
  }

  static Map<String, Object> result(Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("process_id", r.getProcessId());
    m.put("nonce", r.getNonce());
    m.put("message_id", r.getMessageId());
    m.put("assignment_id", r.getAssignmentId());
    if (r.getCron() != null) {
      m.put("cron", r.getCron()); // only on cron results, so other results keep their shape
    }
    m.put("Output", r.getOutput());
    if (r.getError() == null) {
      m.put("Error", null);
    } else {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", r.getError().getCode());
      error.put("message", r.getError().getMessage());
      m.put("Error", error);
    }
    List<Map<String, Object>> messages = new ArrayList<>();
    for (OutboxMessage o : r.getMessages()) {
      Map<String, Object> msg = new LinkedHashMap<>();
      msg.put("Target", o.getTarget());
      msg.put("Anchor", o.getAnchor());
      msg.put("Tags", tags(o.getTags()));
      msg.put("Data", b64(o.getData()));
      messages.add(msg);
    }
    m.put("Messages", messages);
    List<Map<String, Object>> spawns = new ArrayList<>();
    for (OutboxSpawn s : r.getSpawns()) {
      Map<String, Object> spawn = new LinkedHashMap<>();
      spawn.put("Tags", tags(s.getTags()));
      spawn.put("Data", b64(s.getData()));
      spawns.add(spawn);
    }
    m.put("Spawns", spawns);
    List<Map<String, Object>> assignments = new ArrayList<>();
    for (OutboxAssignment a : r.getAssignments()) {
      Map<String, Object> assignment = new LinkedHashMap<>();
      assignment.put("Message", a.getMessageId());
      assignment.put("Processes", List.copyOf(a.getProcesses()));
      assignments.add(assignment);
    }
    m.put("Assignments", assignments);
    List<Map<String, Object>> journal = new ArrayList<>();
    for (JournalEntry j : r.getJournal()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("flow_id", j.getFlowId());
      entry.put("index", j.getIndex());
      entry.put("kind", j.getKind());
      entry.put("payload", b64(j.getPayload()));
      journal.add(entry);
    }
    m.put("journal", journal);
    return m;
  }

  private static List<Map<String, String>> tags(List<Tag> tags) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Tag t : tags) {
      Map<String, String> tag = new LinkedHashMap<>();
      tag.put("name", t.getName());
      tag.put("value", t.getValue());
      out.add(tag);
    }
    return out;
  }

  private static String b64(ByteBuffer b) {
    ByteBuffer dup = b.duplicate();
    byte[] bytes = new byte[dup.remaining()];
    dup.get(bytes);
    return Base64Url.encode(bytes);
  }

  /**
   * Binds {@code host:port} and serves the routes on runtime's server; {@code metrics} answers
   * {@code /metrics} (null: no such route, when the embedder scrapes its own registry).
   *
   * @throws IllegalStateException naming the address when it cannot bind
   */
  HttpApiServer serve(String host, int port, @Nullable Supplier<HttpApiResponse> metrics) {
    HttpApiServer.Builder b = HttpApiServer.builder().host(host).port(port)
        .maxBodyBytes(MAX_DRY_RUN_BYTES)
        .get("/result/{id}", this::result)
        .get("/results/{pid}", this::results)
        .get("/cron/{pid}", this::cron)
        .get("/state/{pid}", this::state)
        .post("/dry-run", this::dryRun)
        .get("/health", this::health);
    if (metrics != null) {
      b.get("/metrics", req -> metrics.get());
    }
    return b.start();
  }
}
