package io.vowstream.flow.guard;

/** How a guarded method is to be run. */
public enum MethodMark {
    /** An ordinary synchronous call. */
    CALL,
    /** The method body is an async flow (log and replay); the call returns the outcome vow. */
    ASYNC_FLOW
}
