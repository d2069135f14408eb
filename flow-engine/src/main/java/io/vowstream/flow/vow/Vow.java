package io.vowstream.flow.vow;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A durable promise: a handle for a value that may not exist yet, which — unlike a promise — can
 * be stored in a durable zone and is still meaningful after its holder or its host restarts.
 *
 * <p>How it differs from {@link java.util.concurrent.CompletableFuture} and
 * {@code reactor.core.publisher.Mono}:
 * <ul>
 *   <li><b>Durable and storable.</b> A future or a Mono is heap state and dies with the JVM. A vow is
 *       a value: it can be kept in exo state, map stores, records and checkpoints, and it refers to
 *       the same eventual result in the next incarnation.</li>
 *   <li><b>No callbacks inside.</b> A vow holds no listeners; whoever wants its result either asks
 *       for a future ({@code VowTools.when}, ephemeral, for host code) or registers a durable
 *       watcher ({@code VowTools.watch}), which is itself stored and survives restarts.</li>
 *   <li><b>Shortened hop by hop.</b> A vow may be resolved to another vow, possibly hosted elsewhere.
 *       Consumers follow such chains one {@link Shortener#shorten() shorten} step at a time instead
 *       of one long callback chain, so every hop can fail and be retried on its own, and a chain
 *       that loops back on itself is detected ("Vow resolution cycle detected").</li>
 *   <li><b>Retried on disconnection.</b> A hop that fails because its host went away (upgrade,
 *       partition move, termination, transient I/O) is retried under
 *       {@link io.vowstream.flow.disconnect.RetryPolicy}; any other failure is the vow's
 *       rejection.</li>
 * </ul>
 *
 * <p>Two vows are equal when they have the same shortener, i.e. denote the same promise.
 */
public final class Vow<T> {

    /**
     * The single step of the vow protocol ("V0"): a stage for the next value of the chain — the
     * final value, another vow to follow, or a failure (possibly a disconnection to retry). Vows
     * made by {@link VowTools} have an engine-provided shortener; a vow hosted by another process
     * gets one that asks that host. In a durable zone, a shortener must itself be a durable zone
     * object for the vow to be storable.
     */
    public interface Shortener {
        CompletionStage<@Nullable Object> shorten();
    }

    private final Shortener shortener;

    private Vow(Shortener shortener) {
        this.shortener = shortener;
    }

    /** A vow whose steps are taken by {@code shortener}. */
    public static <T> Vow<T> of(Shortener shortener) {
        return new Vow<>(Objects.requireNonNull(shortener, "shortener"));
    }

    /** The step handle; engines use it to shorten, applications should use {@link VowTools}. */
    public Shortener shortener() {
        return shortener;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vow<?> v && v.shortener.equals(shortener);
    }

    @Override
    public int hashCode() {
        return shortener.hashCode();
    }

    @Override
    public String toString() {
        return "Vow[" + shortener + "]";
    }
}
