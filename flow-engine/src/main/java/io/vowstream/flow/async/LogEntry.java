package io.vowstream.flow.async;

import io.vowstream.flow.vow.Vow;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an activation's log. Values are host-side (what the host saw or answered), so they
 * survive restarts. {@code callIndex} is the position of the {@link CheckCall} among the visible
 * entries; its {@link DoReturn} or {@link DoThrow} repeats it.
 */
public sealed interface LogEntry {

    /** The kind name used in published journals: checkCall, doReturn, doThrow, doFulfill, doReject, startGeneration. */
    String kind();

    /** Appended before the first new entry of each incarnation (or run after a reset); invisible in dumps. */
    record StartGeneration(long generation) implements LogEntry {
        @Override
        public String kind() {
            return "startGeneration";
        }
    }

    /** The guest called {@code method} of host object {@code target} with {@code args}. */
    record CheckCall(Object target, String method, List<@Nullable Object> args, long callIndex) implements LogEntry {
        @Override
        public String kind() {
            return "checkCall";
        }
    }

    /** The call at {@code callIndex} returned {@code result}. */
    record DoReturn(long callIndex, @Nullable Object result) implements LogEntry {
        @Override
        public String kind() {
            return "doReturn";
        }
    }

    /** The call at {@code callIndex} threw {@code error} (or its result could not cross to the guest). */
    record DoThrow(long callIndex, Throwable error) implements LogEntry {
        @Override
        public String kind() {
            return "doThrow";
        }
    }

    /** A host vow the guest had seen was fulfilled with {@code value}. */
    record DoFulfill(Vow<?> vow, @Nullable Object value) implements LogEntry {
        @Override
        public String kind() {
            return "doFulfill";
        }
    }

    /** A host vow the guest had seen was rejected with {@code reason}. */
    record DoReject(Vow<?> vow, Throwable reason) implements LogEntry {
        @Override
        public String kind() {
            return "doReject";
        }
    }
}
