package io.vowstream.flow.disconnect;

import java.util.ArrayList;
import java.util.List;

/** Drives the retry rule over a sequence of failures, as a retry loop would. */
final class RetryRuns {
    private RetryRuns() {}

    static DisconnectedException disco(DisconnectionReason r) {
        return new DisconnectedException(r);
    }

    /** Feeds the failures in order; returns the decisions until the first give-up (inclusive). */
    static List<RetryDecision> run(RetryPolicy policy, List<? extends Throwable> failures) {
        List<RetryDecision> out = new ArrayList<>();
        RetryMemory memory = RetryMemory.fresh();
        for (Throwable f : failures) {
            RetryDecision d = policy.decide(f, memory);
            out.add(d);
            if (d instanceof RetryDecision.Retry r) {
                memory = r.memory();
            } else {
                break;
            }
        }
        return out;
    }
}
