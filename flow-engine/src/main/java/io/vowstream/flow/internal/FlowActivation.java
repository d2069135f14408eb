package io.vowstream.flow.internal;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.async.AsyncFlow;
import io.vowstream.flow.async.FlowState;
import io.vowstream.flow.async.LogEntry;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowWatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One activation of an async flow, as a zone object. Durable state: the arguments, the outcome vow,
 * the log (binary), where the last run was suspended, and which vows have a durable wake watch. The
 * run (membrane, guest thread) is ephemeral: after a restart the activation is Sleeping.
 */
final class FlowActivation implements AsyncFlow, VowWatcher, ZoneObject {
    final AsyncFlowEngine engine;
    final long id;
    private final AsyncFlowEngine.FlowDefinition def;
    private @Nullable FlowLog log;
    private @Nullable FlowRun run;
    private @Nullable Throwable problem;
    private boolean done;

    FlowActivation(AsyncFlowEngine engine, long id, AsyncFlowEngine.FlowDefinition def) {
        this.engine = engine;
        this.id = id;
        this.def = def;
    }

    static LinkedHashMap<String, @Nullable Object> initialState(ValueCodec codec, List<@Nullable Object> args,
            Vow<?> outcome) {
        LinkedHashMap<String, @Nullable Object> s = new LinkedHashMap<>();
        s.put("args", codec.toStored(args, "async flow arguments"));
        s.put("outcome", codec.toStored(outcome, "outcome"));
        // "log", "suspendedOn" and "wakeVows" are added when they first have a value.
        s.put("suspendedAt", -1L);
        return s;
    }

    AsyncFlowEngine.FlowDefinition def() {
        return def;
    }

    private Map<String, @Nullable Object> state() {
        return engine.runtime.record(id).state;
    }

    FlowLog log() {
        if (log == null) {
            log = FlowLog.fromStored(engine.runtime, state().get("log"));
        }
        return log;
    }

    /** Writes the binary log into the stored state (before a checkpoint). */
    void flushLog() {
        if (!done && log != null) {
            state().put("log", log.toBytes());
        }
    }

    void logChanged() {
        engine.dirty.add(this);
    }

    @Override
    public String tag() {
        return def.tag();
    }

    @Override
    public FlowState getFlowState() {
        if (done) {
            return FlowState.DONE;
        }
        if (engine.failures.has(this)) {
            return FlowState.FAILED;
        }
        FlowRun r = run;
        if (r == null) {
            return FlowState.SLEEPING;
        }
        return r.isReplaying() ? FlowState.REPLAYING : FlowState.RUNNING;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Vow<T> getOutcome() {
        return (Vow<T>) Objects.requireNonNull(engine.runtime.codec.revive(Objects.requireNonNull(state().get("outcome"))));
    }

    @Override
    public List<LogEntry> dump() {
        return done ? List.of() : log().visibleEntries();
    }

    /** The binary log's size in bytes (0 in a heap zone or when done). */
    int logBytes() {
        return done ? 0 : log().byteSize();
    }

    @Override
    public @Nullable Throwable getOptFatalProblem() {
        if (problem != null) {
            return problem;
        }
        return engine.failures.has(this) ? engine.failures.get(this) : null;
    }

    @Override
    public void restart(boolean eager) {
        if (done) {
            throw new IllegalStateException("Cannot restart a done flow '" + tag() + "' (#" + id + ")");
        }
        if (engine.failures.has(this)) {
            engine.failures.delete(this);
        }
        problem = null;
        stopRun();
        if (eager) {
            engine.eagerWakers.add(this);
        } else {
            engine.eagerWakers.delete(this);
        }
        // Every run replays a fresh decoding of the bytes (a previous run may have released its copy).
        FlowLog l = log == null ? log() : log.reloaded();
        log = l;
        long suspendedAt = (Long) Objects.requireNonNull(state().get("suspendedAt"));
        Vow<?> suspendedOn = (Vow<?>) engine.runtime.codec.revive(state().get("suspendedOn"));
        FlowRun r = new FlowRun(this, l, suspendedAt == l.size() ? (int) suspendedAt : -1, suspendedOn);
        run = r;
        engine.running.add(this);
        @SuppressWarnings("unchecked")
        List<@Nullable Object> args = (List<@Nullable Object>) engine.runtime.codec.revive(state().get("args"));
        r.start(args == null ? List.of() : args);
    }

    /** Sleeping, lazy, not failed, and parked on a vow that has settled for good: nothing else will wake it. */
    boolean isStrandedOnSettledVow() {
        if (done || getFlowState() != FlowState.SLEEPING || engine.eagerWakers.has(this) || engine.failures.has(this)) {
            return false;
        }
        Object on = state().get("suspendedOn");
        return on != null && engine.vows.isSettledForGood(engine.runtime.codec.revive(on));
    }

    @Override
    public void wake() {
        if (getFlowState() == FlowState.SLEEPING) {
            restart(engine.eagerWakers.has(this));
        }
    }

    /** Ends the current run (if any) without failing: the activation becomes Sleeping. */
    void stopRun() {
        FlowRun r = run;
        run = null;
        engine.running.remove(this);
        if (r != null) {
            r.stop();
        }
    }

    /** The run parked at an await of {@code awaited} with the log at {@code logSize} entries. */
    @SuppressWarnings("unchecked")
    void suspended(int logSize, Vow<?> awaited) {
        Map<String, @Nullable Object> s = state();
        s.put("suspendedAt", (long) logSize);
        s.put("suspendedOn", engine.runtime.codec.toStored(awaited, "awaited vow"));
        if (engine.eagerWakers.has(this)) {
            return; // an eager activation is replayed by wakeAll after a restart: no durable watch needed
        }
        if (engine.vows.isSettledForGood(awaited)) {
            // This run goes on in the current turn; a restart before that is woken by wakeAll. No watch:
            // a restarted replay parks here on a settled vow while an uninterrupted run never parks, and
            // the objects a watch allocates would make ids depend on when the zone was restored.
            return;
        }
        Object stored = s.get("wakeVows");
        List<Object> wakeVows = stored == null ? List.of() : (List<Object>) Objects.requireNonNull(
                engine.runtime.codec.revive(stored));
        if (!wakeVows.contains(awaited)) {
            // Durable: if a restart comes before the vow settles, its settlement wakes this lazy flow.
            Vow<?> w = engine.vows.watch(awaited, this, awaited);
            engine.vows.internalsOf(w).markHandled();
            List<Object> copy = new ArrayList<>(wakeVows);
            copy.add(awaited);
            s.put("wakeVows", engine.runtime.codec.toStored(copy, "wake vows"));
        }
    }

    @Override
    public @Nullable Object onFulfilled(@Nullable Object value, List<@Nullable Object> args) {
        woken(args);
        return null;
    }

    @Override
    public @Nullable Object onRejected(Throwable reason, List<@Nullable Object> args) {
        woken(args);
        return null;
    }

    @SuppressWarnings("unchecked")
    private void woken(List<@Nullable Object> args) {
        if (done) {
            return;
        }
        Map<String, @Nullable Object> s = state();
        Object stored = s.get("wakeVows");
        if (stored != null) {
            List<Object> wakeVows = new ArrayList<>((List<Object>) Objects.requireNonNull(
                    engine.runtime.codec.revive(stored)));
            wakeVows.remove(args.isEmpty() ? null : args.get(0));
            if (wakeVows.isEmpty()) {
                s.remove("wakeVows");
            } else {
                s.put("wakeVows", engine.runtime.codec.toStored(wakeVows, "wake vows"));
            }
        }
        wake();
    }

    /** Fails this activation: the log stays, the outcome stays pending, the handler is told. */
    void panic(Throwable fatal) {
        if (done) {
            return;
        }
        if (engine.failures.has(this)) {
            engine.failures.get(this); // doubly failed: the first problem is kept
        } else {
            engine.failures.init(this, fatal);
            problem = fatal;
        }
        stopRun();
        try {
            engine.options.panicHandler().panicked(this, fatal);
        } catch (RuntimeException e) {
            AsyncFlowEngine.LOG.error("panic handler failed for {}", this, e);
        }
    }

    /** The guest's result settled after a full replay: settle the outcome and become Done. */
    void complete(boolean fulfilled, @Nullable Object value, @Nullable Throwable error) {
        Vow<?> outcome = getOutcome();
        FlowRun r = run;
        run = null;
        engine.running.remove(this);
        done = true;
        log = null;
        engine.dirty.remove(this);
        engine.eagerWakers.delete(this);
        if (engine.flowForOutcome.has(outcome)) {
            engine.flowForOutcome.delete(outcome);
        }
        LinkedHashMap<String, @Nullable Object> tomb = new LinkedHashMap<>();
        tomb.put("tag", tag());
        tomb.put("outcome", state().get("outcome"));
        engine.runtime.rekind(id, engine.doneKind, tomb);
        if (r != null) {
            r.stop();
        }
        VowInternals v = engine.vows.internalsOf(outcome);
        if (fulfilled) {
            v.resolve(value);
        } else {
            v.reject(Objects.requireNonNull(error));
        }
    }

    @Override
    public ObjectIdentities.Identity zoneIdentity() {
        return new ObjectIdentities.Identity(engine.runtime, id, "", "AsyncFlow");
    }

    @Override
    public String toString() {
        return "AsyncFlow[" + tag() + "#" + id + "]";
    }
}
