package io.vowstream.flow.vow;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Receives the settlement of a watched vow, with exactly the extra arguments given to
 * {@code watch}. What a handler returns (a value, a vow or a stage) resolves the vow that
 * {@code watch} returned; what it throws rejects it. A handler left at its default passes the
 * settlement through unchanged.
 *
 * <p>In a durable zone a watcher must be a durable object (an exo whose interface extends this
 * one), because it is stored with the watch and called in whatever incarnation the vow settles.
 * The methods of this interface need no entry in the exo's interface guard.
 */
public interface VowWatcher {

    default @Nullable Object onFulfilled(@Nullable Object value, List<@Nullable Object> args) throws Throwable {
        return value;
    }

    default @Nullable Object onRejected(Throwable reason, List<@Nullable Object> args) throws Throwable {
        throw reason;
    }
}
