package io.vowstream.flow.internal;

import io.vowstream.flow.async.AsyncFlow;
import io.vowstream.flow.async.AsyncFlowAdmin;
import io.vowstream.flow.async.AsyncFlowOptions;
import io.vowstream.flow.async.AsyncFlowTools;
import io.vowstream.flow.async.AsyncFlowZone;
import io.vowstream.flow.async.FlowState;
import io.vowstream.flow.async.GuestFunction;
import io.vowstream.flow.async.HostFlow;
import io.vowstream.flow.async.LogEntry;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowTools;
import io.vowstream.flow.zone.MapStore;
import io.vowstream.flow.zone.SetStore;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The async-flow tools of one zone tree: definitions, the admin stores, and the checkpoint hook. */
public final class AsyncFlowEngine implements AsyncFlowTools, AsyncFlowAdmin {
    static final Logger LOG = LoggerFactory.getLogger(AsyncFlowEngine.class);

    /** One flow definition of this incarnation. */
    record FlowDefinition(String tag, String kindKey, GuestFunction guest, boolean startEager) {}

    final ZoneRuntime runtime;
    final VowEngine vows;
    final AsyncFlowOptions options;
    final MapStore<AsyncFlow, Throwable> failures;
    final SetStore<AsyncFlow> eagerWakers;
    final MapStore<Vow<?>, AsyncFlow> flowForOutcome;
    private final SetStore<String> flowKinds;
    final String doneKind;
    /** Activations whose log grew since the last checkpoint. */
    final Set<FlowActivation> dirty = new LinkedHashSet<>();
    /** Activations with a run (guest thread) in this incarnation. */
    final Set<FlowActivation> running = new LinkedHashSet<>();

    private AsyncFlowEngine(ZoneImpl outer, VowEngine vows, AsyncFlowOptions options) {
        this.runtime = outer.runtime();
        if (vows.runtime != runtime) {
            throw new IllegalArgumentException("the vow tools belong to another zone tree than " + outer);
        }
        this.vows = vows;
        this.options = Objects.requireNonNull(options, "options");
        this.failures = outer.mapStore("asyncFuncFailures");
        this.eagerWakers = outer.setStore("asyncFuncEagerWakers");
        this.flowForOutcome = outer.mapStore("flowForOutcomeVow");
        this.flowKinds = outer.setStore("asyncFlowKinds");
        this.doneKind = runtime.defineKind(outer.name(), "DoneAsyncFlow",
                KindMeta.of("internal", "DoneAsyncFlow", List.of(), StateShape.empty()),
                id -> new DoneFlow(this, id));
        runtime.onCheckpoint(this::flushLogs);
        runtime.onClose(this::stopAll);
    }

    public static AsyncFlowTools prepare(Zone outerZone, VowTools vows, AsyncFlowOptions options) {
        if (!(vows instanceof VowEngine ve)) {
            throw new IllegalArgumentException("vow tools " + vows + " were not made by VowTools.prepare");
        }
        return new AsyncFlowEngine(ZoneImpl.of(outerZone), ve, options);
    }

    /** Stops every run of this incarnation; their activations become Sleeping. */
    private void stopAll() {
        for (FlowActivation a : new ArrayList<>(running)) {
            a.stopRun();
        }
    }

    private void flushLogs() {
        for (FlowActivation a : dirty) {
            a.flushLog();
        }
        dirty.clear();
    }

    // ---- definitions ----------------------------------------------------------------------------

    @Override
    public HostFlow asyncFlow(Zone zone, String tag, GuestFunction guest) {
        return asyncFlow(zone, tag, guest, options.startEager());
    }

    @Override
    public HostFlow asyncFlow(Zone zone, String tag, GuestFunction guest, boolean startEager) {
        Objects.requireNonNull(guest, "guest function of async flow '" + tag + "'");
        ZoneImpl z = ZoneImpl.of(zone);
        if (z.runtime() != runtime) {
            throw new IllegalArgumentException("zone " + zone + " belongs to another zone tree than the async-flow tools");
        }
        Map<String, Object> meta = KindMeta.of("asyncFlow", tag, List.of(), StateShape.empty());
        meta.put("asyncFlowVersion", (long) ENGINE_VERSION);
        // The reviver needs the definition and the definition needs the kind key: a holder breaks the knot.
        FlowDefinition[] holder = new FlowDefinition[1];
        String key = runtime.defineKind(z.name(), tag, meta, id -> new FlowActivation(this, id, holder[0]));
        FlowDefinition d = new FlowDefinition(tag, key, guest, startEager);
        holder[0] = d;
        flowKinds.add(key);
        return new HostFlow() {
            @Override
            public String tag() {
                return tag;
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> Vow<T> call(@Nullable Object... args) {
                return (Vow<T>) start(d, FlowValues.listOf(args == null ? new Object[] {null} : args));
            }

            @Override
            public String toString() {
                return tag + "_hostFlow";
            }
        };
    }

    private Vow<?> start(FlowDefinition def, List<@Nullable Object> args) {
        VowInternals outcome = vows.internalsOf(vows.makeVowKit().vow());
        Vow<?> outcomeVow = outcome.vow();
        long id = runtime.newObject(def.kindKey(), FlowActivation.initialState(runtime.codec, args, outcomeVow));
        FlowActivation act = (FlowActivation) runtime.liveObject(id, "");
        flowForOutcome.init(outcomeVow, act);
        act.restart(def.startEager());
        return outcomeVow;
    }

    // ---- admin ----------------------------------------------------------------------------------

    @Override
    public AsyncFlowAdmin admin() {
        return this;
    }

    @Override
    public Map<AsyncFlow, Throwable> getFailures() {
        Map<AsyncFlow, Throwable> out = new LinkedHashMap<>();
        for (AsyncFlow f : failures.keys()) {
            Throwable p = f.getOptFatalProblem();
            out.put(f, p == null ? failures.get(f) : p);
        }
        return out;
    }

    @Override
    public void wakeAll() {
        Map<String, Integer> missing = new TreeMap<>();
        for (String kind : flowKinds.values()) {
            if (!runtime.isKindDefined(kind)) {
                int n = runtime.countObjectsOfKind(kind);
                if (n > 0) {
                    missing.put(kind, n);
                }
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder sb = new StringBuilder("async flows with live activations were not defined again in incarnation ")
                    .append(runtime.incarnation()).append(":");
            missing.forEach((k, n) -> sb.append(" '").append(k).append("' (").append(n).append(" activations)"));
            throw new IllegalStateException(sb.toString());
        }
        List<AsyncFlow> failed = new ArrayList<>(failures.keys());
        List<AsyncFlow> eager = new ArrayList<>(eagerWakers.values());
        for (AsyncFlow f : failed) {
            f.restart(eagerWakers.has(f));
        }
        for (AsyncFlow f : eager) {
            if (f.getFlowState() == FlowState.SLEEPING) {
                f.restart(true);
            }
        }
        // A lazy flow parked on a vow that settled before the checkpoint has no watch to wake it.
        for (AsyncFlow f : new ArrayList<>(flowForOutcome.values())) {
            if (f instanceof FlowActivation a && a.isStrandedOnSettledVow()) {
                a.restart(false);
            }
        }
    }

    @Override
    public AsyncFlow getFlowForOutcomeVow(Vow<?> outcome) {
        AsyncFlow f = flowForOutcome.find(outcome);
        if (f == null) {
            throw new IllegalArgumentException("key " + outcome + " not found in collection \"flowForOutcomeVow\""
                    + " (no live activation has this outcome; a done flow is forgotten)");
        }
        return f;
    }

    // ---- zone view, encoding ------------------------------------------------------------------

    @Override
    public AsyncFlowZone zone(Zone zone) {
        ZoneImpl z = ZoneImpl.of(zone);
        if (z.runtime() != runtime) {
            throw new IllegalArgumentException("zone " + zone + " belongs to another zone tree than the async-flow tools");
        }
        return new AsyncFlowZoneImpl(this, z);
    }

    @Override
    public byte[] encodeEntry(LogEntry entry) {
        return LogCodec.encode(entry, runtime);
    }

    /** Bytes of the binary log of {@code flow} (0 in a heap zone); for measurements. */
    public static int logBytesOf(AsyncFlow flow) {
        return flow instanceof FlowActivation a ? a.logBytes() : 0;
    }
}
