package io.vowstream.flow.disconnect;

import java.time.Duration;

/** The outcome of {@link RetryPolicy#decide}: retry after a delay with new memory, or give up. */
public sealed interface RetryDecision {

    /** Retry after {@code delay} (zero for "at once"), remembering {@code memory}. */
    record Retry(Duration delay, RetryMemory memory) implements RetryDecision {}

    /** The failure is final; {@code why} says which rule decided so. */
    record GiveUp(String why) implements RetryDecision {}
}
