package io.vowstream.flow.internal;

import io.vowstream.flow.disconnect.RetryDecision;
import io.vowstream.flow.disconnect.RetryMemory;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowWatcher;
import io.vowstream.flow.zone.NotStorableException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The durable half of {@code watch}: follows the specimen's chain one shorten step at a time,
 * retrying disconnected steps under the retry policy, and finally calls the user's watcher and
 * resolves the vow {@code watch} returned. All of its progress is in its stored state; the only
 * ephemeral part is the set of vows seen (for cycle detection) in this incarnation.
 */
final class PromiseWatcherObject implements VowWatcher, ZoneObject {
    static final String CYCLE = "Vow resolution cycle detected";

    private final VowEngine engine;
    private final long id;
    private final Set<Vow.Shortener> seen = new HashSet<>();

    PromiseWatcherObject(VowEngine engine, long id) {
        this.engine = engine;
        this.id = id;
    }

    static LinkedHashMap<String, @Nullable Object> initialState(ValueCodec codec, Vow<?> result,
            @Nullable VowWatcher watcher, List<@Nullable Object> args) {
        LinkedHashMap<String, @Nullable Object> s = new LinkedHashMap<>();
        s.put("vow", null);
        s.put("memory", codec.toStored(RetryMemory.fresh(), "retry memory"));
        s.put("result", codec.toStored(result, "watch result"));
        s.put("watcher", codec.toStored(watcher, "watcher"));
        s.put("args", codec.toStored(new ArrayList<>(args), "watcher arguments"));
        s.put("done", false);
        s.put("backoff", false);
        return s;
    }

    private Map<String, @Nullable Object> state() {
        return engine.runtime.record(id).state;
    }

    private @Nullable Object get(String field) {
        return engine.runtime.codec.revive(state().get(field));
    }

    private void set(String field, @Nullable Object value) {
        state().put(field, engine.runtime.codec.toStored(value, "state field '" + field + "' of PromiseWatcher#" + id));
    }

    @Override
    public @Nullable Object onFulfilled(@Nullable Object value, List<@Nullable Object> ignored) {
        if (Boolean.TRUE.equals(get("done"))) {
            throw new IllegalStateException("Unexpected multiple calls to PromiseWatcher #" + id);
        }
        if (Boolean.TRUE.equals(get("backoff"))) {
            set("backoff", false);
            step((Vow<?>) Objects.requireNonNull(get("vow")));
            return null;
        }
        if (value instanceof Vow<?> vow) {
            if (!seen.add(vow.shortener())) {
                settle(false, null, new IllegalStateException(CYCLE));
                return null;
            }
            try {
                set("vow", vow);
            } catch (NotStorableException e) {
                // Following it would not survive a restart; say so rather than hang.
                settle(false, null, e);
                return null;
            }
            set("memory", RetryMemory.fresh());
            step(vow);
            return null;
        }
        settle(true, value, null);
        return null;
    }

    @Override
    public @Nullable Object onRejected(Throwable reason, List<@Nullable Object> ignored) {
        if (Boolean.TRUE.equals(get("done"))) {
            throw new IllegalStateException("Unexpected multiple calls to PromiseWatcher #" + id);
        }
        Vow<?> vow = (Vow<?>) get("vow");
        set("backoff", false);
        if (vow == null) {
            // The original specimen is not retried: nothing says how to obtain it again.
            settle(false, null, reason);
            return null;
        }
        RetryDecision decision = engine.policy.decide(reason, (RetryMemory) Objects.requireNonNull(get("memory")));
        switch (decision) {
            case RetryDecision.Retry retry -> {
                set("memory", retry.memory());
                if (retry.delay().isZero()) {
                    step(vow);
                } else {
                    set("backoff", true);
                    engine.runtime.watchPromise(engine.delay(retry.delay()), this, List.of());
                }
            }
            case RetryDecision.GiveUp giveUp -> settle(false, null, reason);
        }
        return null;
    }

    private void step(Vow<?> vow) {
        engine.runtime.watchPromise(VowEngine.shortenSafely(vow), this, List.of());
    }

    @SuppressWarnings("unchecked")
    private void settle(boolean fulfilled, @Nullable Object value, @Nullable Throwable reason) {
        set("done", true);
        set("vow", null);
        VowInternals result = engine.internalsOf((Vow<?>) Objects.requireNonNull(get("result")));
        Object watcher = get("watcher");
        List<@Nullable Object> args = (List<@Nullable Object>) Objects.requireNonNull(get("args"));
        if (watcher == null) {
            if (fulfilled) {
                result.resolve(value);
            } else {
                result.reject(Objects.requireNonNull(reason));
            }
            return;
        }
        try {
            VowWatcher w = (VowWatcher) watcher;
            Object outcome = fulfilled ? w.onFulfilled(value, args) : w.onRejected(Objects.requireNonNull(reason), args);
            result.resolve(outcome);
        } catch (Throwable t) {
            result.reject(t);
        }
    }

    @Override
    public ObjectIdentities.Identity zoneIdentity() {
        return new ObjectIdentities.Identity(engine.runtime, id, "", "PromiseWatcher");
    }

    @Override
    public String toString() {
        return "PromiseWatcher#" + id;
    }
}
