package io.vowstream.flow.async;

/**
 * Told about every visible entry appended to an activation's log, as it is appended (live runs
 * only: a replay appends nothing). Hosts use it to publish journals. Called on the thread that
 * logs the entry (turn or guest thread, never both at once); it must be quick and must not throw
 * or touch the zone.
 */
@FunctionalInterface
public interface FlowLogListener {

    /**
     * @param flowId the activation's stable identity (the same in every incarnation)
     * @param index the entry's position among the activation's visible entries
     */
    void appended(AsyncFlow flow, String flowId, long index, LogEntry entry);

    /** Listens to nothing. */
    FlowLogListener NONE = (flow, flowId, index, entry) -> {};
}
