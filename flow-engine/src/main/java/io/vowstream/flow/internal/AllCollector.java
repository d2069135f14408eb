package io.vowstream.flow.internal;

import io.vowstream.flow.vow.Settlement;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowWatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The shared watcher of one {@code all} / {@code allSettled} call: gathers results by input index.
 * Results that cannot be stored are kept for this incarnation only; if a restart loses them the
 * combined vow reports the loss instead of a wrong value.
 */
final class AllCollector implements VowWatcher, ZoneObject {
    /** Stands in, in stored state, for a result kept only in memory. */
    record Unstored(int index) {}

    private final VowEngine engine;
    private final long id;
    private final Map<Integer, @Nullable Object> unstored = new HashMap<>();

    AllCollector(VowEngine engine, long id) {
        this.engine = engine;
        this.id = id;
    }

    static LinkedHashMap<String, @Nullable Object> initialState(ValueCodec codec, Vow<?> result, int n,
            boolean settledMode) {
        List<@Nullable Object> slots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slots.add(null);
        }
        LinkedHashMap<String, @Nullable Object> s = new LinkedHashMap<>();
        s.put("results", codec.toStored(slots, "results"));
        s.put("remaining", n);
        s.put("settledMode", settledMode);
        s.put("done", false);
        s.put("result", codec.toStored(result, "result"));
        return s;
    }

    private Map<String, @Nullable Object> state() {
        return engine.runtime.record(id).state;
    }

    @Override
    public @Nullable Object onFulfilled(@Nullable Object value, List<@Nullable Object> args) {
        boolean settledMode = Boolean.TRUE.equals(state().get("settledMode"));
        record(index(args), settledMode ? new Settlement.Fulfilled(value) : value, value);
        return null;
    }

    @Override
    public @Nullable Object onRejected(Throwable reason, List<@Nullable Object> args) {
        if (Boolean.TRUE.equals(state().get("done"))) {
            return null;
        }
        if (Boolean.TRUE.equals(state().get("settledMode"))) {
            record(index(args), new Settlement.Rejected(reason), reason);
        } else {
            state().put("done", true);
            result().reject(reason);
        }
        return null;
    }

    private static int index(List<@Nullable Object> args) {
        return (Integer) Objects.requireNonNull(args.get(0));
    }

    private VowInternals result() {
        return engine.internalsOf((Vow<?>) Objects.requireNonNull(engine.runtime.codec.revive(state().get("result"))));
    }

    @SuppressWarnings("unchecked")
    private void record(int index, Object entry, @Nullable Object raw) {
        Map<String, @Nullable Object> s = state();
        if (Boolean.TRUE.equals(s.get("done"))) {
            return;
        }
        List<@Nullable Object> results = new ArrayList<>((List<@Nullable Object>) Objects.requireNonNull(s.get("results")));
        ValueCodec codec = engine.runtime.codec;
        if (codec.isStorable(entry)) {
            results.set(index, codec.toStored(entry, "result " + index));
        } else {
            unstored.put(index, entry);
            results.set(index, codec.toStored(new Unstored(index), "result " + index));
        }
        s.put("results", results);
        int remaining = (Integer) Objects.requireNonNull(s.get("remaining")) - 1;
        s.put("remaining", remaining);
        if (remaining == 0) {
            finish(results);
        }
    }

    private void finish(List<@Nullable Object> storedResults) {
        state().put("done", true);
        boolean settledMode = Boolean.TRUE.equals(state().get("settledMode"));
        List<@Nullable Object> out = new ArrayList<>();
        int lost = 0;
        for (Object stored : storedResults) {
            Object v = engine.runtime.codec.revive(stored);
            if (v instanceof Unstored u) {
                if (unstored.containsKey(u.index())) {
                    v = unstored.get(u.index());
                } else {
                    lost++;
                    v = new Settlement.Rejected(new IllegalStateException("Unstorable result was lost"));
                }
            }
            out.add(v);
        }
        if (lost > 0 && !settledMode) {
            result().reject(new IllegalStateException(lost + " unstorable results were lost"));
        } else {
            result().resolve(java.util.Collections.unmodifiableList(out));
        }
    }

    @Override
    public ObjectIdentities.Identity zoneIdentity() {
        return new ObjectIdentities.Identity(engine.runtime, id, "", "WatchUtils");
    }
}
