package io.vowstream.flow.vow;

import io.vowstream.flow.disconnect.RetryPolicy;
import io.vowstream.flow.internal.VowEngine;
import io.vowstream.flow.zone.Zone;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The vow operations of one zone. Prepare them once per incarnation, in the same zone and before
 * the durable zone is resumed: they define the internal kinds that hold vows and watchers.
 *
 * <pre>{@code
 * VowTools vows = VowTools.prepare(root.subZone("vows"));
 * VowKit<String> kit = vows.makeVowKit();
 * vows.watch(kit.vow(), myDurableWatcher, "extra");
 * kit.resolver().resolve("done");
 * }</pre>
 *
 * <p>Preparing uses the labels {@code VowInternalsKit}, {@code PromiseWatcher}, {@code WatchUtils} and
 * {@code retryableFlowForOutcomeVow} of the given zone, so give the tools a sub-zone of their own.
 *
 * <p>A <i>specimen</i> below is a vow, a {@link java.util.concurrent.CompletionStage}, or a plain
 * value (which counts as already fulfilled).
 */
public interface VowTools {

    /** Vow tools in {@code zone} with the default retry policy and a logging rejection reporter. */
    static VowTools prepare(Zone zone) {
        return prepare(zone, RetryPolicy.defaults(), RejectionReporter.logging());
    }

    static VowTools prepare(Zone zone, RetryPolicy retryPolicy, RejectionReporter reporter) {
        return VowEngine.prepare(zone, retryPolicy, reporter);
    }

    RetryPolicy retryPolicy();

    /** A new pending vow and its resolver. */
    <T> VowKit<T> makeVowKit();

    /**
     * A future for the end of the specimen's chain, shortened hop by hop with retries. Ephemeral:
     * for host code in this incarnation only. The specimen itself (if a stage) is not retried,
     * since nothing says how to obtain it again.
     */
    <T> CompletableFuture<T> when(@Nullable Object specimen);

    /** {@link #when} followed by the handlers (either may be null to pass through). */
    <R> CompletableFuture<R> when(@Nullable Object specimen,
            java.util.function.@Nullable Function<@Nullable Object, R> onFulfilled,
            java.util.function.@Nullable Function<Throwable, R> onRejected);

    /** A vow for the end of the specimen's chain, delivered to {@code watcher} durably. */
    <T> Vow<T> watch(@Nullable Object specimen);

    /**
     * Watches the specimen durably: when its chain ends, calls {@code watcher} with the value or
     * reason and exactly {@code args}; returns a vow for what the watcher returns.
     */
    <T> Vow<T> watch(@Nullable Object specimen, @Nullable VowWatcher watcher, @Nullable Object... args);

    /** A vow for the list of all results in input order; rejects with the first rejection. */
    Vow<List<@Nullable Object>> all(List<?> specimens);

    /** A vow for a {@link Settlement} per specimen, in input order. */
    Vow<List<Settlement>> allSettled(List<?> specimens);

    /** Runs {@code fn} now; a throw becomes a rejected vow, a returned vow is returned as is. */
    <T> Vow<T> asVow(Callable<?> fn);

    /** {@code when(watch(specimen, watcher, args))}. */
    <T> CompletableFuture<T> asPromise(@Nullable Object specimen, @Nullable VowWatcher watcher,
            @Nullable Object... args);

    /** Same as {@link #when(Object)}. */
    <T> CompletableFuture<T> toCompletableFuture(@Nullable Object specimen);

    /** A Mono that, when subscribed, shortens the specimen like {@link #when(Object)}. */
    <T> Mono<T> toMono(@Nullable Object specimen);

    /**
     * A retryable operation kept in {@code zone} under {@code tag} (a kind label: define it again,
     * with the same tag, in every incarnation). A run whose result is a retryable failure (per the
     * retry policy; a restart loses a pending result as an upgrade) starts the function again with
     * the stored arguments; results of earlier runs are ignored.
     */
    Retryable retryable(Zone zone, String tag, RetryableFunction fn);

    /**
     * The control of the retryable operation whose outcome is {@code outcome}.
     *
     * @throws IllegalArgumentException when there is none (e.g. it is done)
     */
    RetryableControl retryableFor(Vow<?> outcome);

    /**
     * Reports to the rejection reporter every rejected vow that was never shortened and was not
     * reported before; returns how many were reported.
     */
    int reportUnhandledRejections();
}
