package io.vowstream.flow.internal;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.async.LogEntry;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The log of one activation. In a durable zone the binary form is the truth: entries are appended
 * to it as they happen (and copied into the activation's stored state before each checkpoint); a
 * new run decodes it once for replay and drops the decoded entries when it has caught up, so a
 * running or suspended activation keeps only bytes. A heap zone keeps the entries themselves.
 */
final class FlowLog {
    private final ZoneRuntime runtime;
    /** Decoded entries for replay (durable), or all entries (heap); null once released. */
    private @Nullable ArrayList<LogEntry> entries;
    private final LogCodec.@Nullable Buffer bytes;
    private int size;
    private int visible;

    private FlowLog(ZoneRuntime runtime, ArrayList<LogEntry> entries, LogCodec.@Nullable Buffer bytes) {
        this.runtime = runtime;
        this.entries = entries;
        this.bytes = bytes;
        this.size = entries.size();
        for (LogEntry e : entries) {
            if (!(e instanceof LogEntry.StartGeneration)) {
                visible++;
            }
        }
    }

    static FlowLog empty(ZoneRuntime runtime) {
        return new FlowLog(runtime, new ArrayList<>(0), runtime.isDurable() ? new LogCodec.Buffer() : null);
    }

    /** The log kept as {@code stored} (null for none) in a restored durable zone. */
    static FlowLog fromStored(ZoneRuntime runtime, @Nullable Object stored) {
        if (!(stored instanceof Bytes b) || b.size() == 0) {
            return empty(runtime);
        }
        return decode(runtime, b.toByteArray());
    }

    private static FlowLog decode(ZoneRuntime runtime, byte[] raw) {
        LogCodec.Buffer buffer = new LogCodec.Buffer(raw.length);
        buffer.put(raw);
        return new FlowLog(runtime, new ArrayList<>(LogCodec.readAll(raw, runtime)), buffer);
    }

    /**
     * The same log decoded afresh from its bytes (durable zones): a new run replays entries that
     * nobody else holds, whose values are immutable. A heap log is returned as is.
     */
    FlowLog reloaded() {
        return bytes == null ? this : decode(runtime, bytes.toByteArray());
    }

    /** Appends {@code e}; throws (leaving the log unchanged) when a value in it cannot be stored. */
    void push(LogEntry e) {
        if (bytes != null) {
            LogCodec.write(bytes, e, runtime);
            entries = null; // caught up: the bytes are the log from now on
        } else {
            java.util.Objects.requireNonNull(entries).add(e);
        }
        size++;
        if (!(e instanceof LogEntry.StartGeneration)) {
            visible++;
        }
    }

    /** Forgets the decoded entries once a run has replayed them all (durable zones only). */
    void releaseReplayed() {
        if (bytes != null) {
            entries = null;
        }
    }

    int size() {
        return size;
    }

    int visibleSize() {
        return visible;
    }

    /** Entry {@code i}, for replay (it must not have been released). */
    LogEntry get(int i) {
        return java.util.Objects.requireNonNull(entries, "internal: replayed log entries were released").get(i);
    }

    /** Every entry, generation markers included (decoded from the bytes in a durable zone). */
    List<LogEntry> allEntries() {
        return bytes != null ? LogCodec.readAll(bytes.toByteArray(), runtime)
                : List.copyOf(java.util.Objects.requireNonNull(entries));
    }

    List<LogEntry> visibleEntries() {
        List<LogEntry> all = allEntries();
        List<LogEntry> out = new ArrayList<>(visible);
        for (LogEntry e : all) {
            if (!(e instanceof LogEntry.StartGeneration)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The binary form, or null in a heap zone. */
    @Nullable Bytes toBytes() {
        return bytes == null ? null : Bytes.copyOf(bytes.toByteArray());
    }

    int byteSize() {
        return bytes == null ? 0 : bytes.size;
    }
}
