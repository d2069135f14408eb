package io.vowstream.flow.vow;

/** Administration of one running retryable operation. */
public interface RetryableControl {

    /**
     * Runs the function again; results of earlier runs are then ignored.
     *
     * @throws IllegalStateException "Cannot restart a done retryable flow" once settled
     */
    void restart();

    Vow<Object> outcome();

    /** How many times the function was started. */
    long runs();
}
