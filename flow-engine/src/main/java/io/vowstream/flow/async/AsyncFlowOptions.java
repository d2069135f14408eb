package io.vowstream.flow.async;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Options of {@link AsyncFlowTools}.
 *
 * @param startEager default eagerness of new activations: eager ones are replayed by
 *     {@code wakeAll()} after a restart, lazy ones only when a vow they await settles
 * @param panicHandler told about every panic (default: {@link PanicHandler#logging()})
 * @param random the source behind {@link FlowContext#randomLong()} and {@link FlowContext#randomUUID()}
 *     (injected so that tests are deterministic; its draws are logged, so replays never call it)
 * @param hostCallsOnGuestThread false (the default): a live host call passes the baton back to the
 *     turn thread, which performs and logs it, so host objects only ever run on the turn thread;
 *     true: the guest's virtual thread performs the call itself while the turn thread waits for it —
 *     still one thread at a time, and several times cheaper per step (no thread hand-over), for
 *     hosts that do not care which thread runs them
 * @param logListener told about each visible log entry as it is appended (default: nobody)
 */
public record AsyncFlowOptions(boolean startEager, PanicHandler panicHandler, LongSupplier random,
        boolean hostCallsOnGuestThread, FlowLogListener logListener) {

    public AsyncFlowOptions {
        Objects.requireNonNull(panicHandler, "panicHandler");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(logListener, "logListener");
    }

    public AsyncFlowOptions(boolean startEager, PanicHandler panicHandler, LongSupplier random,
            boolean hostCallsOnGuestThread) {
        this(startEager, panicHandler, random, hostCallsOnGuestThread, FlowLogListener.NONE);
    }

    public AsyncFlowOptions(boolean startEager, PanicHandler panicHandler, LongSupplier random) {
        this(startEager, panicHandler, random, false);
    }

    /** Eager, logging panics, randomness from {@link java.security.SecureRandom}. */
    public static AsyncFlowOptions defaults() {
        java.security.SecureRandom r = new java.security.SecureRandom();
        return new AsyncFlowOptions(true, PanicHandler.logging(), r::nextLong, false, FlowLogListener.NONE);
    }

    public AsyncFlowOptions withStartEager(boolean eager) {
        return new AsyncFlowOptions(eager, panicHandler, random, hostCallsOnGuestThread, logListener);
    }

    public AsyncFlowOptions withPanicHandler(PanicHandler handler) {
        return new AsyncFlowOptions(startEager, handler, random, hostCallsOnGuestThread, logListener);
    }

    public AsyncFlowOptions withRandom(LongSupplier source) {
        return new AsyncFlowOptions(startEager, panicHandler, source, hostCallsOnGuestThread, logListener);
    }

    public AsyncFlowOptions withHostCallsOnGuestThread(boolean onGuestThread) {
        return new AsyncFlowOptions(startEager, panicHandler, random, onGuestThread, logListener);
    }

    public AsyncFlowOptions withLogListener(FlowLogListener listener) {
        return new AsyncFlowOptions(startEager, panicHandler, random, hostCallsOnGuestThread, listener);
    }
}
