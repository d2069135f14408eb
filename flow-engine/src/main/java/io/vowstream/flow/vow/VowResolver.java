package io.vowstream.flow.vow;

import org.jspecify.annotations.Nullable;

/**
 * Settles one vow. Only the first call of {@code resolve} or {@code reject} takes effect; later
 * calls are ignored.
 */
public interface VowResolver<T> {

    /**
     * Resolves the vow with {@code value}. A vow as value chains (consumers follow it); a
     * {@link java.util.concurrent.CompletionStage} leaves the vow pending until it completes — and
     * if a restart loses that stage, the vow is rejected with an {@code Upgraded} disconnection.
     */
    void resolve(@Nullable Object value);

    void reject(Throwable reason);
}
