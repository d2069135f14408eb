package io.vowstream.flow.disconnect;

import io.vowstream.flow.disconnect.DisconnectionReason.HostTerminated;
import io.vowstream.flow.disconnect.DisconnectionReason.PartitionMoved;
import io.vowstream.flow.disconnect.DisconnectionReason.TransientUnavailable;
import io.vowstream.flow.disconnect.DisconnectionReason.Upgraded;
import java.time.Duration;
import java.util.Objects;

/**
 * The one rule deciding whether a failed step is tried again. It is used by {@code when},
 * {@code watch} and {@code retryable} alike:
 * <ul>
 *   <li>a failure that is not a {@link DisconnectedException} is final;</li>
 *   <li>{@link Upgraded} is retried only when its incarnation is newer than every incarnation this
 *       loop already retried;</li>
 *   <li>{@link HostTerminated} and {@link PartitionMoved} are retried once in a row (the host may
 *       have come back elsewhere; a second one in a row means it did not);</li>
 *   <li>{@link TransientUnavailable} is retried with exponential backoff, at most
 *       {@code maxTransientInARow} times in a row;</li>
 *   <li>whatever the reasons, a loop stops after {@code maxAttempts} retries.</li>
 * </ul>
 * The policy itself is stateless: the loop keeps a {@link RetryMemory} (storable, so durable
 * watchers keep it across restarts). Delays are carried out by the caller's injected scheduler.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(30), 8, 64);
    private static final RetryPolicy NEVER = new RetryPolicy(Duration.ZERO, Duration.ZERO, 0, 0);

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxTransientInARow;
    private final int maxAttempts;

    private RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxTransientInARow, int maxAttempts) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxTransientInARow = maxTransientInARow;
        this.maxAttempts = maxAttempts;
    }

    /** Backoff 100 ms doubling to 30 s, 8 transient retries in a row, 64 retries in all. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** A policy that never retries (every failure is final). */
    public static RetryPolicy never() {
        return NEVER;
    }

    /**
     * A policy with the given limits.
     *
     * @throws IllegalArgumentException naming the bad limit
     */
    public static RetryPolicy of(Duration initialBackoff, Duration maxBackoff, int maxTransientInARow,
            int maxAttempts) {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff (" + initialBackoff
                    + ") <= maxBackoff (" + maxBackoff + ")");
        }
        if (maxTransientInARow < 0 || maxAttempts < 0) {
            throw new IllegalArgumentException("maxTransientInARow (" + maxTransientInARow + ") and maxAttempts ("
                    + maxAttempts + ") must not be negative");
        }
        return new RetryPolicy(initialBackoff, maxBackoff, maxTransientInARow, maxAttempts);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Decides about {@code failure}, given what the loop remembers. */
    public RetryDecision decide(Throwable failure, RetryMemory memory) {
        DisconnectionReason reason = DisconnectedException.reasonOf(failure);
        if (reason == null) {
            return new RetryDecision.GiveUp("not a disconnection: " + failure);
        }
        if (memory.attempts() >= maxAttempts) {
            return new RetryDecision.GiveUp("gave up after " + memory.attempts() + " retries (" + reason.describe() + ")");
        }
        DisconnectionReason last = memory.lastReason();
        int next = memory.attempts() + 1;
        return switch (reason) {
            case Upgraded u -> u.incarnation() > memory.highestIncarnation()
                    ? new RetryDecision.Retry(Duration.ZERO, new RetryMemory(u, u.incarnation(), 0, next))
                    : new RetryDecision.GiveUp("incarnation " + u.incarnation() + " is not newer than "
                            + memory.highestIncarnation());
            case HostTerminated t -> last instanceof HostTerminated
                    ? new RetryDecision.GiveUp("host terminated twice in a row")
                    : new RetryDecision.Retry(Duration.ZERO, new RetryMemory(t, memory.highestIncarnation(), 0, next));
            case PartitionMoved p -> last instanceof PartitionMoved
                    ? new RetryDecision.GiveUp("partition moved twice in a row")
                    : new RetryDecision.Retry(Duration.ZERO, new RetryMemory(p, memory.highestIncarnation(), 0, next));
            case TransientUnavailable t -> {
                int inARow = last instanceof TransientUnavailable ? memory.consecutiveTransient() : 0;
                if (inARow >= maxTransientInARow) {
                    yield new RetryDecision.GiveUp("transiently unavailable " + inARow + " times in a row");
                }
                yield new RetryDecision.Retry(backoff(inARow),
                        new RetryMemory(t, memory.highestIncarnation(), inARow + 1, next));
            }
        };
    }

    /** initialBackoff * 2^n, capped at maxBackoff. */
    Duration backoff(int n) {
        Duration d = initialBackoff;
        for (int i = 0; i < n && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    @Override
    public String toString() {
        return "RetryPolicy[initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", maxTransientInARow=" + maxTransientInARow + ", maxAttempts=" + maxAttempts + "]";
    }
}
