package io.vowstream.flow.vow;

import org.jspecify.annotations.Nullable;

/** One outcome reported by {@link VowTools#allSettled}. */
public sealed interface Settlement {

    record Fulfilled(@Nullable Object value) implements Settlement {}

    record Rejected(Throwable reason) implements Settlement {}
}
