package io.vowstream.flow.internal;

import io.vowstream.flow.disconnect.RetryDecision;
import io.vowstream.flow.disconnect.RetryMemory;
import io.vowstream.flow.vow.RetryableControl;
import io.vowstream.flow.vow.RetryableFunction;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowWatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One call of a retryable operation: stored arguments, outcome vow, run counter and retry memory.
 * It watches each run's result with the run number, so results of superseded runs are ignored.
 */
final class RetryableFlowObject implements VowWatcher, ZoneObject, ZoneRuntime.Faceted {
    private static final String BACKOFF = "backoff";

    private final VowEngine engine;
    private final long id;
    private final String tag;
    private final RetryableFunction fn;
    private final Control control = new Control();

    RetryableFlowObject(VowEngine engine, long id, String tag, RetryableFunction fn) {
        this.engine = engine;
        this.id = id;
        this.tag = tag;
        this.fn = fn;
    }

    static LinkedHashMap<String, @Nullable Object> initialState(ValueCodec codec, List<@Nullable Object> args,
            Vow<?> outcome) {
        LinkedHashMap<String, @Nullable Object> s = new LinkedHashMap<>();
        s.put("args", codec.toStored(args, "retryable arguments"));
        s.put("outcome", codec.toStored(outcome, "outcome"));
        s.put("memory", codec.toStored(RetryMemory.fresh(), "retry memory"));
        s.put("runs", 0L);
        s.put("done", false);
        return s;
    }

    private Map<String, @Nullable Object> state() {
        return engine.runtime.record(id).state;
    }

    private long runs() {
        return (Long) Objects.requireNonNull(state().get("runs"));
    }

    private boolean done() {
        return Boolean.TRUE.equals(state().get("done"));
    }

    Vow<Object> outcome() {
        @SuppressWarnings("unchecked")
        Vow<Object> v = (Vow<Object>) engine.runtime.codec.revive(state().get("outcome"));
        return Objects.requireNonNull(v);
    }

    RetryableControl control() {
        return control;
    }

    @SuppressWarnings("unchecked")
    void restart() {
        if (done()) {
            throw new IllegalStateException("Cannot restart a done retryable flow '" + tag + "' (#" + id + ")");
        }
        long run = runs() + 1;
        state().put("runs", run);
        List<@Nullable Object> args = (List<@Nullable Object>) engine.runtime.codec.revive(state().get("args"));
        Object result;
        try {
            result = fn.apply(args == null ? List.of() : args);
        } catch (Throwable t) {
            result = CompletableFuture.failedFuture(t);
        }
        Vow<?> watched = engine.watch(result, this, run);
        engine.internalsOf(watched).markHandled();
    }

    @Override
    public @Nullable Object onFulfilled(@Nullable Object value, List<@Nullable Object> args) {
        if (isBackoff(args)) {
            if (!done() && runs() == (Long) Objects.requireNonNull(args.get(1))) {
                restart();
            }
            return null;
        }
        if (done() || runs() != (Long) Objects.requireNonNull(args.get(0))) {
            return null; // a superseded run
        }
        finish();
        engine.internalsOf(outcome()).resolve(value);
        return null;
    }

    @Override
    public @Nullable Object onRejected(Throwable reason, List<@Nullable Object> args) {
        if (isBackoff(args)) {
            // The backoff timer died with the heap: retry now.
            return onFulfilled(null, args);
        }
        if (done() || runs() != (Long) Objects.requireNonNull(args.get(0))) {
            return null;
        }
        RetryMemory memory = (RetryMemory) Objects.requireNonNull(engine.runtime.codec.revive(state().get("memory")));
        switch (engine.policy.decide(reason, memory)) {
            case RetryDecision.Retry retry -> {
                state().put("memory", engine.runtime.codec.toStored(retry.memory(), "retry memory"));
                if (retry.delay().isZero()) {
                    restart();
                } else {
                    List<@Nullable Object> backoffArgs = new ArrayList<>();
                    backoffArgs.add(BACKOFF);
                    backoffArgs.add(runs());
                    engine.runtime.watchPromise(engine.delay(retry.delay()), this, backoffArgs);
                }
            }
            case RetryDecision.GiveUp giveUp -> {
                finish();
                engine.internalsOf(outcome()).reject(reason);
            }
        }
        return null;
    }

    private static boolean isBackoff(List<@Nullable Object> args) {
        return !args.isEmpty() && BACKOFF.equals(args.get(0));
    }

    private void finish() {
        state().put("done", true);
        engine.forgetRetryable(outcome());
    }

    @Override
    public Object facet(String name) {
        if (name.equals("control")) {
            return control;
        }
        throw new IllegalStateException("retryable flow has no facet '" + name + "'");
    }

    @Override
    public ObjectIdentities.Identity zoneIdentity() {
        return new ObjectIdentities.Identity(engine.runtime, id, "", tag);
    }

    @Override
    public String toString() {
        return tag + "#" + id;
    }

    private final class Control implements RetryableControl, ZoneObject {
        @Override
        public void restart() {
            RetryableFlowObject.this.restart();
        }

        @Override
        public Vow<Object> outcome() {
            return RetryableFlowObject.this.outcome();
        }

        @Override
        public long runs() {
            return RetryableFlowObject.this.runs();
        }

        @Override
        public ObjectIdentities.Identity zoneIdentity() {
            return new ObjectIdentities.Identity(engine.runtime, id, "control", tag + ".control");
        }
    }
}
