package io.vowstream.flow.internal;

import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.disconnect.RetryDecision;
import io.vowstream.flow.disconnect.RetryMemory;
import io.vowstream.flow.disconnect.RetryPolicy;
import io.vowstream.flow.vow.RejectionReporter;
import io.vowstream.flow.vow.Retryable;
import io.vowstream.flow.vow.RetryableControl;
import io.vowstream.flow.vow.RetryableFunction;
import io.vowstream.flow.vow.Settlement;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowTools;
import io.vowstream.flow.vow.VowWatcher;
import io.vowstream.flow.zone.MapStore;
import io.vowstream.flow.zone.NotStorableException;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** The vow tools of one zone: defines the internal kinds and implements the operations. */
public final class VowEngine implements VowTools {
    final ZoneRuntime runtime;
    private final ZoneImpl zone;
    final RetryPolicy policy;
    final RejectionReporter reporter;
    private final String vowKind;
    private final String watcherKind;
    private final String collectorKind;
    private final MapStore<Vow<?>, RetryableControl> retryables;

    // Ephemeral, per incarnation.
    final Map<Long, CompletableFuture<@Nullable Object>> nextSteps = new HashMap<>();
    final Map<Long, @Nullable Object> unstored = new HashMap<>();

    private VowEngine(ZoneImpl zone, RetryPolicy policy, RejectionReporter reporter) {
        this.zone = zone;
        this.runtime = zone.runtime();
        this.policy = Objects.requireNonNull(policy, "retryPolicy");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        String path = zone.name();
        this.vowKind = runtime.defineKind(path, "VowInternalsKit",
                KindMeta.of("internal", "Vow", List.of("vowV0", "resolver", "watchNextStep"), StateShape.empty()),
                id -> new VowInternals(this, id));
        this.watcherKind = runtime.defineKind(path, "PromiseWatcher",
                KindMeta.of("internal", "PromiseWatcher", List.of(), StateShape.empty()),
                id -> new PromiseWatcherObject(this, id));
        this.collectorKind = runtime.defineKind(path, "WatchUtils",
                KindMeta.of("internal", "WatchUtils", List.of(), StateShape.empty()),
                id -> new AllCollector(this, id));
        this.retryables = zone.mapStore("retryableFlowForOutcomeVow");
    }

    public static VowTools prepare(Zone zone, RetryPolicy policy, RejectionReporter reporter) {
        return new VowEngine(ZoneImpl.of(zone), policy, reporter);
    }

    @Override
    public RetryPolicy retryPolicy() {
        return policy;
    }

    VowInternals internalsOf(Vow<?> vow) {
        ObjectIdentities.Identity id = ObjectIdentities.identify(vow.shortener());
        if (id == null || id.runtime() != runtime || !(runtime.liveObject(id.id(), "") instanceof VowInternals v)) {
            throw new IllegalArgumentException(vow + " is not a vow of this zone tree");
        }
        return v;
    }

    /** Whether {@code specimen} is a vow of this zone tree that is settled for good. */
    boolean isSettledForGood(@Nullable Object specimen) {
        if (!(specimen instanceof Vow<?> v)) {
            return false;
        }
        try {
            return internalsOf(v).isSettledForGood();
        } catch (IllegalArgumentException foreign) {
            return false;
        }
    }

    private VowInternals newVow() {
        long id = runtime.newObject(vowKind, VowInternals.initialState());
        return (VowInternals) runtime.liveObject(id, "");
    }

    @Override
    public <T> VowKit<T> makeVowKit() {
        VowInternals v = newVow();
        return new VowKit<>(v.vow(), v.resolver());
    }

    /** A stage completed after {@code delay} on the scheduler's clock. */
    CompletionStage<@Nullable Object> delay(Duration delay) {
        CompletableFuture<@Nullable Object> timer = new CompletableFuture<>();
        runtime.scheduler().schedule(delay, () -> timer.complete(null));
        return timer;
    }

    static CompletionStage<@Nullable Object> shortenSafely(Vow<?> vow) {
        try {
            CompletionStage<@Nullable Object> s = vow.shortener().shorten();
            return s == null ? CompletableFuture.failedFuture(
                    new IllegalStateException("shortener of " + vow + " returned null")) : s;
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    private static CompletionStage<?> asStage(@Nullable Object specimen) {
        return specimen instanceof CompletionStage<?> s ? s : CompletableFuture.completedFuture(specimen);
    }

    // ---- when ---------------------------------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> when(@Nullable Object specimen) {
        CompletableFuture<@Nullable Object> out = new CompletableFuture<>();
        Shortening loop = new Shortening(out);
        runtime.scheduler().execute(() -> {
            if (specimen instanceof CompletionStage<?> stage) {
                stage.whenComplete((value, error) -> runtime.scheduler().execute(() -> {
                    if (error != null) {
                        out.completeExceptionally(Objects.requireNonNull(DisconnectedException.unwrap(error)));
                    } else {
                        loop.follow(value);
                    }
                }));
            } else {
                loop.follow(specimen);
            }
        });
        return (CompletableFuture<T>) out;
    }

    /** The ephemeral shortening loop of {@code when}: one hop at a time, retrying disconnections. */
    private final class Shortening {
        private final CompletableFuture<@Nullable Object> out;
        // Most chains are one hop: the set of hops seen is made only when a second hop comes.
        private Vow.@Nullable Shortener first;
        private @Nullable Set<Vow.Shortener> seen;
        private RetryMemory memory = RetryMemory.fresh();

        Shortening(CompletableFuture<@Nullable Object> out) {
            this.out = out;
        }

        void follow(@Nullable Object value) {
            if (!(value instanceof Vow<?> vow)) {
                out.complete(value);
                return;
            }
            if (!firstVisit(vow.shortener())) {
                out.completeExceptionally(new IllegalStateException(PromiseWatcherObject.CYCLE));
                return;
            }
            memory = RetryMemory.fresh();
            attempt(vow);
        }

        private boolean firstVisit(Vow.Shortener hop) {
            if (first == null) {
                first = hop;
                return true;
            }
            if (seen == null) {
                seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
                seen.add(first);
            }
            return seen.add(hop);
        }

        private void attempt(Vow<?> vow) {
            shortenSafely(vow).whenComplete((next, error) -> runtime.scheduler().execute(() -> {
                if (error == null) {
                    follow(next);
                    return;
                }
                Throwable cause = Objects.requireNonNull(DisconnectedException.unwrap(error));
                switch (policy.decide(cause, memory)) {
                    case RetryDecision.Retry retry -> {
                        memory = retry.memory();
                        runtime.scheduler().schedule(retry.delay(), () -> attempt(vow));
                    }
                    case RetryDecision.GiveUp giveUp -> out.completeExceptionally(cause);
                }
            }));
        }
    }

    @Override
    public <R> CompletableFuture<R> when(@Nullable Object specimen,
            @Nullable Function<@Nullable Object, R> onFulfilled, @Nullable Function<Throwable, R> onRejected) {
        CompletableFuture<@Nullable Object> base = when(specimen);
        CompletableFuture<R> out = new CompletableFuture<>();
        base.whenComplete((value, error) -> {
            try {
                if (error == null) {
                    @SuppressWarnings("unchecked")
                    R r = onFulfilled == null ? (R) value : onFulfilled.apply(value);
                    out.complete(r);
                } else if (onRejected == null) {
                    out.completeExceptionally(error);
                } else {
                    out.complete(onRejected.apply(error));
                }
            } catch (Throwable t) {
                out.completeExceptionally(t);
            }
        });
        return out;
    }

    // ---- watch --------------------------------------------------------------------------------

    @Override
    public <T> Vow<T> watch(@Nullable Object specimen) {
        return watch(specimen, null);
    }

    @Override
    public <T> Vow<T> watch(@Nullable Object specimen, @Nullable VowWatcher watcher, @Nullable Object... args) {
        List<@Nullable Object> argList = new ArrayList<>(Arrays.asList(args));
        runtime.codec.toStored(watcher, "watcher");
        runtime.codec.toStored(argList, "watcher arguments");
        VowInternals result = newVow();
        long id = runtime.newObject(watcherKind,
                PromiseWatcherObject.initialState(runtime.codec, result.vow(), watcher, argList));
        Object pw = runtime.liveObject(id, "");
        runtime.watchPromise(asStage(specimen), pw, List.of());
        return result.vow();
    }

    // ---- all / allSettled ---------------------------------------------------------------------

    @Override
    public Vow<List<@Nullable Object>> all(List<?> specimens) {
        return combine(specimens, false);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Vow<List<Settlement>> allSettled(List<?> specimens) {
        return (Vow<List<Settlement>>) (Vow<?>) combine(specimens, true);
    }

    private Vow<List<@Nullable Object>> combine(List<?> specimens, boolean settledMode) {
        VowInternals result = newVow();
        if (specimens.isEmpty()) {
            result.resolve(List.of());
            return result.vow();
        }
        long id = runtime.newObject(collectorKind,
                AllCollector.initialState(runtime.codec, result.vow(), specimens.size(), settledMode));
        AllCollector collector = (AllCollector) runtime.liveObject(id, "");
        for (int i = 0; i < specimens.size(); i++) {
            Vow<?> each = watch(specimens.get(i), collector, i);
            internalsOf(each).markHandled();
        }
        return result.vow();
    }

    // ---- asVow / asPromise / futures ----------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public <T> Vow<T> asVow(Callable<?> fn) {
        Object r;
        try {
            r = fn.call();
        } catch (Throwable t) {
            VowInternals v = newVow();
            v.reject(t);
            return v.vow();
        }
        if (r instanceof Vow<?> vow) {
            return (Vow<T>) vow;
        }
        VowInternals v = newVow();
        v.resolve(r);
        return v.vow();
    }

    @Override
    public <T> CompletableFuture<T> asPromise(@Nullable Object specimen, @Nullable VowWatcher watcher,
            @Nullable Object... args) {
        return when(watch(specimen, watcher, args));
    }

    @Override
    public <T> CompletableFuture<T> toCompletableFuture(@Nullable Object specimen) {
        return when(specimen);
    }

    @Override
    public <T> Mono<T> toMono(@Nullable Object specimen) {
        return Mono.defer(() -> Mono.fromFuture(this.<T>when(specimen)));
    }

    // ---- retryable ----------------------------------------------------------------------------

    @Override
    public Retryable retryable(Zone zone, String tag, RetryableFunction fn) {
        Objects.requireNonNull(fn, "fn");
        ZoneImpl z = ZoneImpl.of(zone);
        if (z.runtime() != runtime) {
            throw new IllegalArgumentException("retryable zone " + zone + " is not in the zone tree of these vow tools");
        }
        String kind = runtime.defineKind(z.name(), tag,
                KindMeta.of("retryable", tag, List.of("control"), StateShape.empty()),
                id -> new RetryableFlowObject(this, id, tag, fn));
        return new Retryable() {
            @Override
            public String tag() {
                return tag;
            }

            @Override
            public Vow<Object> call(@Nullable Object... args) {
                return asVow(() -> {
                    List<@Nullable Object> list = new ArrayList<>(Arrays.asList(args));
                    for (int i = 0; i < list.size(); i++) {
                        try {
                            z.requireStorable(list.get(i), "argument " + i);
                        } catch (NotStorableException e) {
                            throw new NotStorableException("retryable arguments must be storable: " + e.getMessage());
                        }
                    }
                    VowInternals outcome = newVow();
                    long id = runtime.newObject(kind, RetryableFlowObject.initialState(runtime.codec, list, outcome.vow()));
                    RetryableFlowObject flow = (RetryableFlowObject) runtime.liveObject(id, "");
                    retryables.init(outcome.vow(), flow.control());
                    flow.restart();
                    return outcome.vow();
                });
            }

            @Override
            public String toString() {
                return tag + "_retryable";
            }
        };
    }

    void forgetRetryable(Vow<?> outcome) {
        if (retryables.has(outcome)) {
            retryables.delete(outcome);
        }
    }

    @Override
    public RetryableControl retryableFor(Vow<?> outcome) {
        RetryableControl c = retryables.find(outcome);
        if (c == null) {
            throw new IllegalArgumentException("no running retryable flow has outcome " + outcome
                    + " (it may be done already)");
        }
        return c;
    }

    @Override
    public int reportUnhandledRejections() {
        int before = runtime.reportedRejections.size();
        for (Long id : new ArrayList<>(runtime.unhandledRejections)) {
            if (runtime.liveObject(id, "") instanceof VowInternals v) {
                v.reportUnhandled(false);
            }
        }
        return runtime.reportedRejections.size() - before;
    }

    @Override
    public String toString() {
        return "VowTools[" + zone.name() + "]";
    }
}
