package io.vowstream.flow.async;

import io.vowstream.flow.vow.Vow;
import org.jspecify.annotations.Nullable;

/** The host side of an async-flow definition: each call starts one activation. */
public interface HostFlow {

    /** The definition's tag (its kind label in the zone). */
    String tag();

    /**
     * Starts an activation with {@code args} (stored durably, so they must be storable in the zone),
     * runs the guest up to its first wait, and returns the outcome vow.
     */
    <T> Vow<T> call(@Nullable Object... args);
}
