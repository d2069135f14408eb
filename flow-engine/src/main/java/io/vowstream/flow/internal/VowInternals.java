package io.vowstream.flow.internal;

import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowResolver;
import io.vowstream.flow.vow.VowWatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * One vow as stored in a zone: its settlement state plus three facets — the shortener
 * ({@code vowV0}), the resolver, and the watcher of the promise it was resolved to
 * ({@code watchNextStep}).
 */
final class VowInternals implements ZoneRuntime.Faceted {
    static final String UNRESOLVED = "unresolved", PENDING = "pending", FULFILLED = "fulfilled",
            REJECTED = "rejected";

    private final VowEngine engine;
    private final long id;
    private final V0 vowV0 = new V0();
    private final Resolver resolver = new Resolver();
    private final StepWatcher stepWatcher = new StepWatcher();

    VowInternals(VowEngine engine, long id) {
        this.engine = engine;
        this.id = id;
    }

    static LinkedHashMap<String, @Nullable Object> initialState() {
        LinkedHashMap<String, @Nullable Object> s = new LinkedHashMap<>();
        s.put("status", UNRESOLVED);
        s.put("value", null);
        s.put("stored", true);
        s.put("handled", false);
        return s;
    }

    private Map<String, @Nullable Object> state() {
        return engine.runtime.record(id).state;
    }

    String status() {
        return (String) state().get("status");
    }

    @SuppressWarnings("unchecked")
    <T> Vow<T> vow() {
        return (Vow<T>) Vow.of(vowV0);
    }

    @SuppressWarnings("unchecked")
    <T> VowResolver<T> resolver() {
        return (VowResolver<T>) resolver;
    }

    @Override
    public Object facet(String name) {
        return switch (name) {
            case "vowV0" -> vowV0;
            case "resolver" -> resolver;
            case "watchNextStep" -> stepWatcher;
            default -> throw new IllegalStateException("a vow has no facet '" + name + "'");
        };
    }

    void markHandled() {
        state().put("handled", true);
        engine.runtime.unhandledRejections.remove(id);
    }

    void resolve(@Nullable Object value) {
        if (!UNRESOLVED.equals(status())) {
            return;
        }
        if (value instanceof CompletionStage<?> stage) {
            state().put("status", PENDING);
            engine.runtime.watchPromise(stage, stepWatcher, List.of());
        } else {
            fulfill(value);
        }
    }

    void reject(Throwable reason) {
        if (UNRESOLVED.equals(status())) {
            doReject(reason);
        }
    }

    private void fulfill(@Nullable Object value) {
        Map<String, @Nullable Object> s = state();
        s.put("status", FULFILLED);
        if (engine.runtime.codec.isStorable(value)) {
            s.put("value", engine.runtime.codec.toStored(value, "fulfillment of vow #" + id));
            s.put("stored", true);
        } else {
            // Kept for this incarnation only; a later one sees the explanatory error.
            engine.unstored.put(id, value);
            s.put("stored", false);
            s.put("value", engine.runtime.codec.toStored(new IllegalStateException(
                    "Vow fulfillment value was not stored: " + ValueCodec.describe(value)), "vow #" + id));
        }
        CompletableFuture<@Nullable Object> next = engine.nextSteps.remove(id);
        if (next != null) {
            next.complete(value);
        }
    }

    private void doReject(Throwable reason) {
        Map<String, @Nullable Object> s = state();
        s.put("status", REJECTED);
        s.put("value", engine.runtime.codec.toStored(reason, "rejection of vow #" + id));
        s.put("stored", true);
        if (!Boolean.TRUE.equals(s.get("handled"))) {
            engine.runtime.unhandledRejections.add(id);
        }
        CompletableFuture<@Nullable Object> next = engine.nextSteps.remove(id);
        if (next != null) {
            next.completeExceptionally(reason);
        }
    }

    Throwable reason() {
        return (Throwable) engine.runtime.codec.revive(state().get("value"));
    }

    private @Nullable Object value() {
        if (Boolean.TRUE.equals(state().get("stored"))) {
            return engine.runtime.codec.revive(state().get("value"));
        }
        if (engine.unstored.containsKey(id)) {
            return engine.unstored.get(id);
        }
        throw (RuntimeException) engine.runtime.codec.revive(state().get("value"));
    }

    CompletionStage<@Nullable Object> shorten() {
        markHandled();
        return switch (status()) {
            case FULFILLED -> {
                try {
                    yield CompletableFuture.completedFuture(value());
                } catch (RuntimeException lost) {
                    yield CompletableFuture.failedFuture(lost);
                }
            }
            case REJECTED -> CompletableFuture.failedFuture(reason());
            default -> engine.nextSteps.computeIfAbsent(id, k -> new CompletableFuture<>()).copy();
        };
    }

    /** Rejected, or fulfilled with a value that is not a further vow or promise: nothing more can happen. */
    boolean isSettledForGood() {
        return switch (status()) {
            case REJECTED -> true;
            case FULFILLED -> {
                try {
                    Object v = value();
                    yield !(v instanceof Vow<?>) && !(v instanceof CompletionStage<?>);
                } catch (RuntimeException lost) {
                    yield true;
                }
            }
            default -> false;
        };
    }

    void reportUnhandled(boolean fromEarlierIncarnation) {
        if (REJECTED.equals(status()) && engine.runtime.reportedRejections.add(id)) {
            engine.reporter.unhandledRejection(vow(), reason(), fromEarlierIncarnation);
        }
    }

    private ObjectIdentities.Identity identity(String facet) {
        return new ObjectIdentities.Identity(engine.runtime, id, facet, "Vow");
    }

    private final class V0 implements Vow.Shortener, ZoneObject {
        @Override
        public CompletionStage<@Nullable Object> shorten() {
            return VowInternals.this.shorten();
        }

        @Override
        public ObjectIdentities.Identity zoneIdentity() {
            return identity("vowV0");
        }

        @Override
        public String toString() {
            return "vow#" + id + "(" + status() + ")";
        }
    }

    private final class Resolver implements VowResolver<Object>, ZoneObject {
        @Override
        public void resolve(@Nullable Object value) {
            VowInternals.this.resolve(value);
        }

        @Override
        public void reject(Throwable reason) {
            VowInternals.this.reject(reason);
        }

        @Override
        public ObjectIdentities.Identity zoneIdentity() {
            return identity("resolver");
        }

        @Override
        public String toString() {
            return "resolver of vow#" + id;
        }
    }

    private final class StepWatcher implements VowWatcher, ZoneObject {
        @Override
        public @Nullable Object onFulfilled(@Nullable Object value, List<@Nullable Object> args) {
            if (PENDING.equals(status())) {
                fulfill(value);
            }
            return null;
        }

        @Override
        public @Nullable Object onRejected(Throwable reason, List<@Nullable Object> args) {
            if (PENDING.equals(status())) {
                doReject(reason);
            }
            return null;
        }

        @Override
        public ObjectIdentities.Identity zoneIdentity() {
            return identity("watchNextStep");
        }
    }
}
