package io.vowstream.flow.async;

import io.vowstream.flow.vow.Vow;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a guest may use besides its arguments: awaiting vows and the logged replacements for
 * time, randomness and other side effects. Every method here is either pure bookkeeping
 * ({@link #await}) or logged, so that a replay answers it from the log. One context per run.
 */
public interface FlowContext {

    /** What {@link #getVersion} returns when replaying a log recorded before the change existed. */
    int DEFAULT_VERSION = -1;

    /**
     * The value of {@code vow} once settled; throws its rejection reason (a fresh error with the
     * same name and message). Only vows that came through the membrane (arguments, host results)
     * can be awaited.
     */
    <T> T await(Vow<T> vow);

    /**
     * The version of an intentional change, like Temporal's {@code getVersion}: a new activation
     * records {@code maxSupported} and gets it; a replay returns the recorded version, or
     * {@link #DEFAULT_VERSION} when the log predates the change (nothing is recorded at this point).
     * A recorded version outside {@code [minSupported, maxSupported]} is a panic.
     */
    int getVersion(String changeId, int minSupported, int maxSupported);

    /** The scheduler's time, logged. */
    Instant now();

    /** A random long from the engine's injected source, logged. */
    long randomLong();

    /** A random UUID from the engine's injected source, logged. */
    UUID randomUUID();

    /**
     * Runs {@code effect} once and logs its (storable) result; a replay returns the logged result
     * without running it.
     */
    <T> @Nullable T sideEffect(String name, Supplier<? extends @Nullable T> effect);

    /** The tag of the flow this guest runs for (diagnostics only). */
    String tag();
}
