package io.vowstream.compute;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.async.AsyncFlow;
import io.vowstream.flow.async.AsyncFlowOptions;
import io.vowstream.flow.async.AsyncFlowTools;
import io.vowstream.flow.async.FlowState;
import io.vowstream.flow.async.GuestFunction;
import io.vowstream.flow.async.HostFlow;
import io.vowstream.flow.async.LogEntry;
import io.vowstream.flow.disconnect.RetryPolicy;
import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.ManualFlowScheduler;
import io.vowstream.flow.vow.RejectionReporter;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowResolver;
import io.vowstream.flow.vow.VowTools;
import io.vowstream.flow.zone.DurableZone;
import io.vowstream.flow.zone.MapStore;
import io.vowstream.flow.zone.Zone;
import io.vowstream.flow.zone.Zones;
import io.vowstream.schemas.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fold of one process: where its schedule has got to, and its durable zone (module state,
 * async flows, vows, pending requests).
 *
 * <p>The zone runs on its own manual scheduler whose clock is moved to each assignment's timestamp
 * before it is evaluated, so nothing in it depends on the wall clock; the fold drains the scheduler
 * inside every evaluation, so whatever flows do lands in that evaluation's result.
 *
 * <p>Every incarnation of the zone (new, restored from a checkpoint, upgraded to another module) is
 * opened the same way: vow tools, async-flow tools, the stores, the host exo, the module's flow
 * definitions, then {@code resume()}.
 */
final class ProcessFold {
  private static final Logger log = LoggerFactory.getLogger(ProcessFold.class);
  static final String STATE_STORE = "state";
  private static final String META_STORE = "meta";
  private static final String REPLIES_STORE = "replies";
  private static final String ACTIVATIONS_STORE = "activations";
  private static final String NEXT_REFERENCE = "reference";
  private static final String NEXT_ACTIVATION = "activation";
  private static final String RANDOM_DRAWS = "random";
  /** The process's crons: [origin timestamp, origin height, then its Cron-* tags as name/value]. */
  private static final String CRONS = "cron";
  /** [timestamp, height] of the last scheduled item: where the next window of cron ticks starts. */
  private static final String CRON_AT = "cron-at";

  static final InterfaceGuard HOST_GUARD = M.interfaceGuard("ProcessHost")
      .method("processId", M.call())
      .method("get", M.call(M.string()))
      .method("put", M.call(M.string(), M.any()))
      .method("remove", M.call(M.string()))
      .method("output", M.call(M.string()))
      .method("send", M.call(M.string(), M.listOf(M.string()), M.string()))
      .method("request", M.call(M.string(), M.listOf(M.string()), M.string()));

  final String processId;
  /** The last nonce evaluated (or skipped by a halt), -1 before the first. */
  long lastNonce = -1;
  @Nullable String lastAssignmentId;
  @Nullable String hashChain;
  /** The module the process runs: its {@code Module} tag at boot, later changed by upgrades. */
  @Nullable String moduleRef;
  /** The signer of the process item, recorded at boot; only the owner may upgrade. */
  @Nullable String owner;
  boolean halted;
  @Nullable String haltReason;
  /** Items evaluated since the last checkpoint. */
  int sinceCheckpoint;
  /** The input offset of the last item evaluated; the stage replays from after a checkpoint's. */
  long lastOffset = -1;
  /** The scheduler timestamp (ms) of the last item evaluated: the zone's clock. */
  long lastTimestamp;
  /** The highest nonce whose result is committed; items up to it are replayed without a result. */
  long committedNonce = -1;
  /** Set when this fold must be written as a checkpoint at the end of the batch. */
  boolean checkpointDue;
  /** Zone parts ({@code z/} records) of the last checkpoint written or restored; 0 when its zone was inline. */
  int zoneParts;

  private ManualFlowScheduler scheduler;
  private DurableZone zone;
  private VowTools vows;
  private AsyncFlowTools flows;
  private MapStore<String, Object> state;
  private MapStore<String, Object> meta;
  private MapStore<String, List<Object>> replies;
  private MapStore<Long, Vow<Object>> activations;
  private ProcessHost host;
  private Zone flowZone;
  private Zone moduleZone;
  private final Map<String, HostFlow> defined = new LinkedHashMap<>();
  private @Nullable String definedFor;
  /** The evaluation in progress; host calls write to its outbox. */
  private @Nullable EvalContext current;
  /** Flow log entries recorded during the current evaluation, as the engine reported them. */
  private final List<LoggedEntry> logged = new ArrayList<>();
  /**
   * The start number ({@code activations} key) of each live activation of this incarnation. The
   * engine's own flow id is an object id, which a restored zone allocates differently from a cold
   * one; journals name flows by start number so that they are the same in both.
   */
  private final Map<AsyncFlow, Long> flowNumbers = new java.util.IdentityHashMap<>();

  private record LoggedEntry(AsyncFlow flow, String engineId, long index, io.vowstream.flow.async.LogEntry entry) {}
  /** The parsed crons, read from the zone once ({@link #NO_CRONS} when the process has none). */
  private @Nullable Crons crons;
  private static final Crons NO_CRONS = new Crons(List.of(), 0, 0);

  /** Panics reported during the current evaluation. */
  final List<String> panics = new ArrayList<>();

  /** A new process: an empty zone (incarnation 0). */
  ProcessFold(String processId) {
    this.processId = processId;
    this.scheduler = new ManualFlowScheduler(Instant.EPOCH);
    this.zone = Zones.durable(scheduler);
    open(null);
  }

  /** A process restored from its checkpoint: a new incarnation with {@code module}'s flows defined. */
  private ProcessFold(String processId, long timestamp, byte[] zoneBytes, @Nullable ProcessModule module) {
    this.processId = processId;
    this.lastTimestamp = timestamp;
    this.scheduler = new ManualFlowScheduler(Instant.ofEpochMilli(timestamp));
    this.zone = Zones.restore(zoneBytes, scheduler);
    open(module);
    zone.resume();
    numberLiveFlows();
  }

  static ProcessFold restored(String processId, long timestamp, byte[] zoneBytes, @Nullable ProcessModule module) {
    return new ProcessFold(processId, timestamp, zoneBytes, module);
  }

  @SuppressWarnings("unchecked")
  private void open(@Nullable ProcessModule module) {
    RetryPolicy policy = RetryPolicy.defaults();
    vows = VowTools.prepare(zone.subZone("vows"), policy, RejectionReporter.logging());
    AsyncFlowOptions options = new AsyncFlowOptions(false, (flow, problem) -> {
      log.warn("flow {} of process {} panicked: {}", flow.tag(), processId, problem.toString());
      panics.add(flow.tag() + ": " + problem.getMessage());
    }, this::nextRandom, false, (flow, flowId, index, entry) -> {
      if (current != null) {
        logged.add(new LoggedEntry(flow, flowId, index, entry));
      }
    });
    flows = AsyncFlowTools.prepare(zone.subZone("flows"), vows, options);
    state = zone.mapStore(STATE_STORE);
    meta = zone.mapStore(META_STORE);
    replies = zone.mapStore(REPLIES_STORE);
    activations = zone.mapStore(ACTIVATIONS_STORE);
    host = zone.exo("host", HOST_GUARD, ProcessHost.class, new Host());
    flowZone = zone.subZone("module");
    moduleZone = zone.subZone("moduleData");
    defined.clear();
    definedFor = null;
    if (module != null) {
      defineFlows(module);
    }
  }

  /** Defines {@code module}'s flows in this incarnation, once. */
  void defineFlows(ProcessModule module) {
    if (definedFor != null) {
      if (!definedFor.equals(module.reference())) {
        throw new IllegalStateException("process " + processId + " has flows of " + definedFor
            + " defined; switching to " + module.reference() + " needs an upgrade");
      }
      return;
    }
    definedFor = module.reference();
    module.defineFlows((tag, body) -> {
      if (defined.containsKey(tag)) {
        throw new IllegalArgumentException("flow '" + tag + "' of " + module.reference() + " is defined twice");
      }
      GuestFunction guest = (ctx, args) -> body.run(ctx, (ProcessHost) Objects.requireNonNull(args.get(0)),
          args.subList(1, args.size()));
      defined.put(tag, flows.asyncFlow(flowZone, tag, guest, false));
    });
  }

  /** Records the crons of a booted process (already checked by {@link Crons#parse}), with their origin. */
  void setCrons(List<Tag> cronTags, long originTimestamp, long originHeight) {
    List<Object> stored = new ArrayList<>();
    stored.add(originTimestamp);
    stored.add(originHeight);
    stored.addAll(Crons.pairs(cronTags));
    meta.put(CRONS, List.copyOf(stored));
    meta.put(CRON_AT, List.of(originTimestamp, originHeight));
    crons = null;
  }

  /** The process's crons, or null when it has none. */
  @Nullable Crons crons() {
    if (crons == null) {
      crons = NO_CRONS;
      if (meta.find(CRONS) instanceof List<?> stored) {
        List<Tag> tags = new ArrayList<>();
        for (int i = 2; i + 1 < stored.size(); i += 2) {
          tags.add(new Tag((String) stored.get(i), (String) stored.get(i + 1)));
        }
        crons = new Crons(Crons.parse(tags), (Long) stored.get(0), (Long) stored.get(1));
      }
    }
    return crons.crons().isEmpty() ? null : crons;
  }

  /** [timestamp, height] of the last scheduled item of a process with crons. */
  long[] cronAt() {
    List<?> at = (List<?>) Objects.requireNonNull(meta.find(CRON_AT), "process " + processId + " has no crons");
    return new long[] {(Long) at.get(0), (Long) at.get(1)};
  }

  /** Moves the start of the next cron window; never backwards, so no tick is evaluated twice. */
  void cronAt(long timestamp, long height) {
    long[] at = cronAt();
    meta.put(CRON_AT, List.of(Math.max(at[0], timestamp), Math.max(at[1], height)));
  }

  DurableZone zone() {
    return zone;
  }

  /** The zone modules see as {@link ModuleContext#zone()}. */
  Zone moduleZone() {
    return moduleZone;
  }

  MapStore<String, Object> state() {
    return state;
  }

  VowTools vows() {
    return vows;
  }

  AsyncFlowTools flows() {
    return flows;
  }

  boolean hasFlow(String tag) {
    return defined.containsKey(tag);
  }

  /** Makes {@code ctx} the evaluation that host calls write to, and moves the clock to its time. */
  void begin(EvalContext ctx, long timestamp) {
    current = ctx;
    panics.clear();
    logged.clear();
    flowNumbers.values().removeIf(seq -> activations.find(seq) == null);
    if (timestamp > lastTimestamp) {
      scheduler.advance(Duration.ofMillis(timestamp - lastTimestamp));
      lastTimestamp = timestamp;
    }
  }

  void end() {
    current = null;
  }

  void drain() {
    scheduler.runUntilIdle();
  }

  /** Starts the flows the module asked for during a successful evaluation. */
  void startFlows(List<EvalContext.FlowStart> starts) {
    for (EvalContext.FlowStart s : starts) {
      HostFlow flow = Objects.requireNonNull(defined.get(s.tag()));
      Object[] args = new Object[s.args().size() + 1];
      args[0] = host;
      for (int i = 0; i < s.args().size(); i++) {
        args[i + 1] = s.args().get(i);
      }
      Vow<Object> outcome = flow.call(args);
      long seq = meta.find(NEXT_ACTIVATION) instanceof Long n ? n : 0L;
      meta.put(NEXT_ACTIVATION, seq + 1);
      activations.init(seq, outcome);
      flowNumbers.put(flows.admin().getFlowForOutcomeVow(outcome), seq);
      s.resolver().resolve(outcome);
    }
  }

  /**
   * Maps this incarnation's live activations to their start numbers (after a restore or reopen).
   * Entries of the previous incarnation stay until the next evaluation: its journal may already
   * hold their entries.
   */
  private void numberLiveFlows() {
    for (Long seq : activations.keys()) {
      AsyncFlow f = flowOf(activations.get(seq));
      if (f != null) {
        flowNumbers.put(f, seq);
      }
    }
  }

  /** The journal of the current evaluation, flows named by start number. */
  List<io.vowstream.schemas.JournalEntry> journal() {
    List<io.vowstream.schemas.JournalEntry> out = new ArrayList<>(logged.size());
    for (LoggedEntry e : logged) {
      Long number = flowNumbers.get(e.flow());
      if (number == null) {
        log.warn("process {}: flow {} ({}) has no start number; its journal names the engine id", processId,
            e.engineId(), e.flow().tag());
      }
      out.add(io.vowstream.schemas.JournalEntry.newBuilder()
          .setFlowId(number != null ? Long.toString(number) : "engine-" + e.engineId()).setIndex(e.index())
          .setKind(e.entry().kind()).setPayload(java.nio.ByteBuffer.wrap(flows.encodeEntry(e.entry()))).build());
    }
    return out;
  }

  /** Forgets finished activations, so the table holds only live ones. */
  void pruneDone() {
    for (Long seq : activations.keys()) {
      if (flowOf(activations.get(seq)) == null) {
        activations.delete(seq);
      }
    }
  }

  private @Nullable AsyncFlow flowOf(Vow<Object> outcome) {
    try {
      AsyncFlow f = flows.admin().getFlowForOutcomeVow(outcome);
      return f.getFlowState() == FlowState.DONE ? null : f;
    } catch (IllegalArgumentException done) {
      return null;
    }
  }

  /** The live activations, in start order. */
  List<AsyncFlow> liveFlows() {
    List<AsyncFlow> out = new ArrayList<>();
    for (Vow<Object> v : activations.values()) {
      AsyncFlow f = flowOf(v);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** Live activations by state name ({@code Running}, {@code Sleeping}, …). */
  Map<String, Integer> flowsByState() {
    Map<String, Integer> out = new TreeMap<>();
    for (AsyncFlow f : liveFlows()) {
      out.merge(stateName(f.getFlowState()), 1, Integer::sum);
    }
    return out;
  }

  static String stateName(FlowState s) {
    String n = s.name().toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(n.charAt(0)) + n.substring(1);
  }

  /** Requests still waiting for their reply. */
  int pendingRequests() {
    return replies.size();
  }

  /**
   * Feeds a reply to the flow that requested it: true when {@code xReference} names a pending
   * request to {@code from}; the request is then consumed and its vow fulfilled.
   */
  @SuppressWarnings("unchecked")
  boolean matchReply(String from, String xReference, Reply reply) {
    List<Object> pending = replies.find(xReference);
    if (pending == null || !pending.get(0).equals(from)) {
      return false;
    }
    replies.delete(xReference);
    ((VowResolver<Object>) pending.get(1)).resolve(reply);
    return true;
  }

  /**
   * Switches the zone to {@code module} in a new incarnation: the zone is written and read back,
   * the new module's flows are defined, and every live activation is replayed against the new code
   * (failed ones restarted by {@code wakeAll}, sleeping ones woken). Must run inside an evaluation.
   */
  void upgrade(ProcessModule module, @Nullable ProcessModule previous) {
    byte[] bytes = zone.checkpoint();
    try {
      reopen(bytes, module);
      zone.resume();
      numberLiveFlows();
    } catch (RuntimeException e) {
      // the new code cannot take the zone over (a flow tag or kind it does not define): keep the old
      reopen(bytes, previous);
      zone.resume();
      numberLiveFlows();
      throw new ModuleException("UPGRADE_REFUSED", "process " + processId + " cannot run " + module.reference()
          + ": " + e.getMessage());
    }
    flows.admin().wakeAll();
    for (AsyncFlow f : liveFlows()) {
      if (f.getFlowState() == FlowState.SLEEPING) {
        f.wake();
      }
    }
  }

  private void reopen(byte[] bytes, @Nullable ProcessModule module) {
    zone.close();
    scheduler = new ManualFlowScheduler(Instant.ofEpochMilli(lastTimestamp));
    zone = Zones.restore(bytes, scheduler);
    open(module);
  }

  /** The failed activations and their problems, as text. */
  List<String> failures() {
    List<String> out = new ArrayList<>();
    flows.admin().getFailures().forEach((f, p) -> out.add(f.tag() + ": " + p.getMessage()));
    return out;
  }

  /** The state's entries in order (values are fresh copies), to roll a failed evaluation back. */
  List<Map.Entry<String, Object>> copyState() {
    List<Map.Entry<String, Object>> out = new ArrayList<>();
    for (String k : state.keys()) {
      out.add(Map.entry(k, state.get(k)));
    }
    return out;
  }

  /** Puts the state back to {@code entries}, order included. */
  void resetState(List<Map.Entry<String, Object>> entries) {
    for (String k : state.keys()) {
      state.delete(k);
    }
    for (Map.Entry<String, Object> e : entries) {
      state.init(e.getKey(), e.getValue());
    }
  }

  /** The whole zone tree (state, flows with their logs, vows, pending requests) as checkpoint bytes. */
  byte[] zoneCheckpoint() {
    return zone.checkpoint();
  }

  /**
   * The process's state in a form that depends on nothing but its content: module state, counters,
   * pending requests and every live flow (tag, state, visible log) copied into a new zone tree
   * (incarnation 0) and written. The live zone's own checkpoint carries its incarnation and
   * generation markers, which differ between a cold fold and a restored one.
   */
  byte[] snapshot() {
    DurableZone fresh = Zones.durable(new ManualFlowScheduler(Instant.EPOCH));
    try {
      MapStore<String, Object> copy = fresh.mapStore(STATE_STORE);
      for (Map.Entry<String, Object> e : copyState()) {
        copy.init(e.getKey(), e.getValue());
      }
      MapStore<String, Object> m = fresh.mapStore(META_STORE);
      for (String k : meta.keys()) {
        m.init(k, meta.get(k));
      }
      MapStore<String, Object> r = fresh.mapStore(REPLIES_STORE);
      for (String k : replies.keys()) {
        r.init(k, replies.get(k).get(0));
      }
      MapStore<Long, Object> fs = fresh.mapStore("flows");
      long i = 0;
      for (AsyncFlow f : liveFlows()) {
        List<Object> entries = new ArrayList<>();
        for (LogEntry e : f.dump()) {
          entries.add(Bytes.copyOf(flows.encodeEntry(e)));
        }
        fs.init(i++, List.of(f.tag(), f.getFlowState() == FlowState.FAILED ? "Failed" : "Live", entries));
      }
      return fresh.checkpoint();
    } finally {
      fresh.close();
    }
  }

  void close() {
    zone.close();
  }

  /** Random draws derived from the process id and a durable counter, so replays and restores agree. */
  private long nextRandom() {
    long n = meta.find(RANDOM_DRAWS) instanceof Long c ? c : 0L;
    meta.put(RANDOM_DRAWS, n + 1);
    long z = processId.hashCode() * 0x9E3779B97F4A7C15L + (n + 1) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private EvalContext evaluation() {
    EvalContext ctx = current;
    if (ctx == null) {
      throw new IllegalStateException("process " + processId + " is not evaluating an item; a flow can act on it "
          + "only while one is evaluated");
    }
    return ctx;
  }

  static List<Tag> tags(List<String> pairs) {
    if (pairs.size() % 2 != 0) {
      throw new IllegalArgumentException("tags must be name/value pairs; got " + pairs.size() + " strings");
    }
    List<Tag> out = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      out.add(new Tag(pairs.get(i), pairs.get(i + 1)));
    }
    return out;
  }

  /** The behaviour of the host exo; a flow reaches it only through its logged stand-in. */
  private final class Host implements ProcessHost {
    @Override
    public String processId() {
      return processId;
    }

    @Override
    public @Nullable Object get(String key) {
      return state.find(key);
    }

    @Override
    public void put(String key, Object value) {
      state.put(key, value);
    }

    @Override
    public void remove(String key) {
      if (state.has(key)) {
        state.delete(key);
      }
    }

    @Override
    public void output(String text) {
      evaluation().output(text);
    }

    @Override
    public void send(String target, List<String> tags, String data) {
      evaluation().send(target, tags(tags), data.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Vow<Reply> request(String target, List<String> tags, String data) {
      EvalContext ctx = evaluation();
      List<Tag> t = tags(tags);
      long ref = (meta.find(NEXT_REFERENCE) instanceof Long n ? n : 0L) + 1;
      meta.put(NEXT_REFERENCE, ref);
      String reference = Long.toString(ref);
      t.add(new Tag("Reference", reference));
      ctx.send(target, t, data.getBytes(StandardCharsets.UTF_8));
      VowKit<Reply> kit = vows.makeVowKit();
      replies.init(reference, List.of(target, kit.resolver()));
      return kit.vow();
    }
  }
}
