package io.vowstream.flow.disconnect;

/**
 * Why a step failed because its host went away rather than because the step itself failed. The
 * family is closed so that {@link RetryPolicy} can treat each reason exhaustively. Every reason is
 * a record of storable values, so it can be stored as part of a vow's rejection.
 */
public sealed interface DisconnectionReason {

    /** One-line human text, used in exception messages. */
    String describe();

    /** The host's module was upgraded; {@code incarnation} is the host's new incarnation number. */
    record Upgraded(long incarnation) implements DisconnectionReason {
        @Override
        public String describe() {
            return "host upgraded to incarnation " + incarnation;
        }
    }

    /** The host's partition moved to another compute unit (reassignment or consumer rebalance). */
    record PartitionMoved(int partition) implements DisconnectionReason {
        @Override
        public String describe() {
            return "partition " + partition + " moved or was rebalanced";
        }
    }

    /** The host process ended (crash or shutdown) before answering. */
    record HostTerminated(String host) implements DisconnectionReason {
        @Override
        public String describe() {
            return "host '" + host + "' terminated";
        }
    }

    /** An external endpoint could not be reached for now (timeout, refused connection, 503…). */
    record TransientUnavailable(String cause) implements DisconnectionReason {
        @Override
        public String describe() {
            return "transiently unavailable: " + cause;
        }
    }
}
