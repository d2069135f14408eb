package io.vowstream.flow.disconnect;

import org.jspecify.annotations.Nullable;

/**
 * What one retry loop remembers between attempts. It is a storable record so a durable watcher can
 * keep it across restarts; {@link RetryPolicy} is stateless and reads and returns it.
 *
 * @param lastReason         the previous failure's disconnection reason, or null at the start
 * @param highestIncarnation the newest upgrade incarnation already retried, or -1
 * @param consecutiveTransient how many transient failures came in a row just before
 * @param attempts           retries made so far in this loop (the hard cap counts these)
 */
public record RetryMemory(@Nullable DisconnectionReason lastReason, long highestIncarnation,
        int consecutiveTransient, int attempts) {

    private static final RetryMemory FRESH = new RetryMemory(null, -1, 0, 0);

    /** The memory of a loop that has not retried yet. */
    public static RetryMemory fresh() {
        return FRESH;
    }
}
