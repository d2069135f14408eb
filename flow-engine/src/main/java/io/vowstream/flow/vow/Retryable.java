package io.vowstream.flow.vow;

import org.jspecify.annotations.Nullable;

/** The host-side entry of a retryable operation: each call starts one run and returns its outcome vow. */
public interface Retryable {

    String tag();

    /**
     * Starts the operation with {@code args}. Never throws: arguments that are not storable in the
     * zone reject the returned vow ("retryable arguments must be storable").
     */
    Vow<Object> call(@Nullable Object... args);
}
