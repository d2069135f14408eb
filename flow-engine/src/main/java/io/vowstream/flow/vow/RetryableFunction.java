package io.vowstream.flow.vow;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of a {@link VowTools#retryable} operation. It may return a value, a vow or a
 * {@link java.util.concurrent.CompletionStage}, or throw. It may run more than once for one call
 * (after a disconnection, or in a later incarnation), so it should be idempotent.
 */
@FunctionalInterface
public interface RetryableFunction {
    @Nullable Object apply(List<@Nullable Object> args) throws Exception;
}
