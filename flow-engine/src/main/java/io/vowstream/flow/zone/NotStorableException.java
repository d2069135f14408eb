package io.vowstream.flow.zone;

/**
 * A value was offered to a zone that cannot keep it. The message names where the value was going
 * (e.g. "state field 'owner' of kind 'Counter'") and what it was.
 */
public final class NotStorableException extends IllegalArgumentException {
    public NotStorableException(String message) {
        super(message);
    }
}
