package io.vowstream.flow.async;

import io.vowstream.flow.vow.Vow;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One activation of an async flow, as its administrator sees it. Storable in its zone. */
public interface AsyncFlow {

    String tag();

    FlowState getFlowState();

    /** The outcome vow (as returned by the host wrapper). */
    <T> Vow<T> getOutcome();

    /** The visible log entries (generation markers left out), in order. */
    List<LogEntry> dump();

    /** The problem that made this activation fail, or null when it has not failed. */
    @Nullable Throwable getOptFatalProblem();

    /**
     * Replays the activation from the start of its log (clearing a failure), and makes it an eager
     * or lazy waker.
     *
     * @throws IllegalStateException when the activation is done
     */
    void restart(boolean eager);

    /** Restarts a sleeping activation (keeping its eagerness); does nothing otherwise. */
    void wake();
}
