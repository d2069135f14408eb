package io.vowstream.flow.internal;

import io.vowstream.flow.async.AsyncFlow;
import io.vowstream.flow.async.FlowState;
import io.vowstream.flow.async.LogEntry;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowWatcher;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a finished activation becomes in later incarnations: its kind belongs to the tools (so its
 * flow's tag need not be defined again), it answers Done, and its guest never runs again.
 */
final class DoneFlow implements AsyncFlow, VowWatcher, ZoneObject {
    private final AsyncFlowEngine engine;
    private final long id;

    DoneFlow(AsyncFlowEngine engine, long id) {
        this.engine = engine;
        this.id = id;
    }

    @Override
    public String tag() {
        return String.valueOf(engine.runtime.record(id).state.get("tag"));
    }

    @Override
    public FlowState getFlowState() {
        return FlowState.DONE;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Vow<T> getOutcome() {
        return (Vow<T>) Objects.requireNonNull(engine.runtime.codec.revive(
                Objects.requireNonNull(engine.runtime.record(id).state.get("outcome"))));
    }

    @Override
    public List<LogEntry> dump() {
        return List.of();
    }

    @Override
    public @Nullable Throwable getOptFatalProblem() {
        return null;
    }

    @Override
    public void restart(boolean eager) {
        throw new IllegalStateException("Cannot restart a done flow '" + tag() + "' (#" + id + ")");
    }

    @Override
    public void wake() {
        // a done flow never runs again
    }

    @Override
    public @Nullable Object onFulfilled(@Nullable Object value, List<@Nullable Object> args) {
        return null;
    }

    @Override
    public @Nullable Object onRejected(Throwable reason, List<@Nullable Object> args) {
        return null;
    }

    @Override
    public ObjectIdentities.Identity zoneIdentity() {
        return new ObjectIdentities.Identity(engine.runtime, id, "", "AsyncFlow");
    }

    @Override
    public String toString() {
        return "AsyncFlow[" + tag() + "#" + id + ", done]";
    }
}
