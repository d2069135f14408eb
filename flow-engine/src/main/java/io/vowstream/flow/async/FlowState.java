package io.vowstream.flow.async;

/**
 * The state of one activation. It is derived, never stored: from "done", the failures map, whether a
 * run (membrane) exists in this incarnation, and the replay cursor.
 */
public enum FlowState {
    /** The guest has caught up with its log; it is running or awaiting a live vow. */
    RUNNING,
    /** No run in this incarnation (after a restart): woken eagerly by {@code wakeAll} or lazily by a vow. */
    SLEEPING,
    /** The guest is re-running against its log and has not caught up yet. */
    REPLAYING,
    /** The activation panicked; its log is intact and its outcome vow pending until a restart repairs it. */
    FAILED,
    /** The guest's result settled the outcome vow; the log is deleted and the guest never runs again. */
    DONE
}
