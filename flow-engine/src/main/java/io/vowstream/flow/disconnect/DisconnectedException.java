package io.vowstream.flow.disconnect;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/** A failure caused by a disconnection; carries its {@link DisconnectionReason}. */
public final class DisconnectedException extends RuntimeException {
    private final DisconnectionReason reason;

    public DisconnectedException(DisconnectionReason reason) {
        super("disconnected: " + reason.describe());
        this.reason = reason;
    }

    public DisconnectionReason reason() {
        return reason;
    }

    /** The disconnection reason of {@code failure} (looking through completion wrappers), or null. */
    public static @Nullable DisconnectionReason reasonOf(@Nullable Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof DisconnectedException d ? d.reason : null;
    }

    /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static @Nullable Throwable unwrap(@Nullable Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
