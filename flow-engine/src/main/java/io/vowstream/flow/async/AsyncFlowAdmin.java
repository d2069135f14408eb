package io.vowstream.flow.async;

import io.vowstream.flow.vow.Vow;
import java.util.Map;

/** Administration of all activations of one {@link AsyncFlowTools}. */
public interface AsyncFlowAdmin {

    /** A snapshot of the failed activations and their problems. */
    Map<AsyncFlow, Throwable> getFailures();

    /**
     * Restarts every failed activation and wakes every eager one. Call it after all flows have been
     * defined again (and the durable zone resumed).
     *
     * @throws IllegalStateException naming every tag that has live activations but was not defined
     *     again in this incarnation (nothing is woken then)
     */
    void wakeAll();

    /**
     * The activation whose outcome is {@code outcome}.
     *
     * @throws IllegalArgumentException when there is none, e.g. because it is done
     */
    AsyncFlow getFlowForOutcomeVow(Vow<?> outcome);
}
