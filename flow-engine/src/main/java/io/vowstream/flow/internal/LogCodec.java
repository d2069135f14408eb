package io.vowstream.flow.internal;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.async.FlowError;
import io.vowstream.flow.async.LogEntry;
import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.internal.StoredForms.Ref;
import io.vowstream.flow.internal.StoredForms.StoredEnum;
import io.vowstream.flow.internal.StoredForms.StoredError;
import io.vowstream.flow.internal.StoredForms.StoredRecord;
import io.vowstream.flow.internal.StoredForms.StoredVow;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.zone.NotStorableException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The compact binary form of flow log entries ("log format 1"): one kind byte, then the entry's
 * fields. Integers are varints (zig-zag for signed values), strings and blobs are length-prefixed
 * UTF-8/bytes, zone objects are (id, facet) references. The log of an activation is the plain
 * concatenation of its entries, so appending never rewrites earlier bytes.
 */
final class LogCodec {
    static final int START_GENERATION = 0, CHECK_CALL = 1, DO_RETURN = 2, DO_THROW = 3, DO_FULFILL = 4,
            DO_REJECT = 5;
    private static final int NULL = 0, TRUE = 1, FALSE = 2, INT = 3, LONG = 4, DOUBLE = 5, BIGINT = 6, STRING = 7,
            BYTES = 8, LIST = 9, MAP = 10, SET = 11, RECORD = 12, ENUM = 13, REF = 14, VOW = 15, ERROR = 16;

    private LogCodec() {}

    /** A growable byte buffer; {@link #mark()}/{@link #reset(int)} undo a failed append. */
    static final class Buffer {
        byte[] data;
        int size;

        Buffer() {
            this(32);
        }

        Buffer(int capacity) {
            data = new byte[Math.max(capacity, 16)];
        }

        void put(int b) {
            if (size == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = (byte) b;
        }

        void put(byte[] b) {
            if (size + b.length > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + b.length));
            }
            System.arraycopy(b, 0, data, size, b.length);
            size += b.length;
        }

        void varLong(long v) {
            while ((v & ~0x7FL) != 0) {
                put((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            put((int) v);
        }

        int mark() {
            return size;
        }

        void reset(int mark) {
            size = mark;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(data, size);
        }
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Appends {@code e}; on failure (a value that cannot be written) the buffer is left as it was
     * and {@link NotStorableException} names the value.
     */
    static void write(Buffer out, LogEntry e, ZoneRuntime runtime) {
        int mark = out.mark();
        try {
            switch (e) {
                case LogEntry.StartGeneration g -> {
                    out.put(START_GENERATION);
                    out.varLong(g.generation());
                }
                case LogEntry.CheckCall c -> {
                    out.put(CHECK_CALL);
                    out.varLong(c.callIndex());
                    value(out, c.target(), runtime);
                    string(out, c.method());
                    out.varLong(c.args().size());
                    for (Object a : c.args()) {
                        value(out, a, runtime);
                    }
                }
                case LogEntry.DoReturn r -> {
                    out.put(DO_RETURN);
                    out.varLong(r.callIndex());
                    value(out, r.result(), runtime);
                }
                case LogEntry.DoThrow t -> {
                    out.put(DO_THROW);
                    out.varLong(t.callIndex());
                    value(out, t.error(), runtime);
                }
                case LogEntry.DoFulfill f -> {
                    out.put(DO_FULFILL);
                    value(out, f.vow(), runtime);
                    value(out, f.value(), runtime);
                }
                case LogEntry.DoReject r -> {
                    out.put(DO_REJECT);
                    value(out, r.vow(), runtime);
                    value(out, r.reason(), runtime);
                }
            }
        } catch (RuntimeException ex) {
            out.reset(mark);
            throw ex;
        }
    }

    static byte[] encode(LogEntry e, ZoneRuntime runtime) {
        Buffer b = new Buffer();
        write(b, e, runtime);
        return b.toByteArray();
    }

    private static void string(Buffer out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.varLong(b.length);
        out.put(b);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** Integers of every width share one tag: they read back as {@code Integer}. */
    private static void intValue(Buffer out, int i) {
        out.put(INT);
        out.varLong(zigzag(i));
    }

    private static void value(Buffer out, @Nullable Object v, ZoneRuntime runtime) {
        switch (v) {
            case null -> out.put(NULL);
            case Boolean b -> out.put(b ? TRUE : FALSE);
            case Integer i -> intValue(out, i);
            case Short s -> intValue(out, s);
            case Byte b -> intValue(out, b);
            case Long l -> {
                out.put(LONG);
                out.varLong(zigzag(l));
            }
            case Double d -> {
                out.put(DOUBLE);
                long bits = Double.doubleToRawLongBits(d);
                for (int i = 0; i < 8; i++) {
                    out.put((int) (bits >>> (8 * i)));
                }
            }
            case Float f -> value(out, f.doubleValue(), runtime);
            case BigInteger b -> {
                out.put(BIGINT);
                byte[] raw = b.toByteArray();
                out.varLong(raw.length);
                out.put(raw);
            }
            case String s -> {
                out.put(STRING);
                string(out, s);
            }
            case Bytes b -> {
                out.put(BYTES);
                byte[] raw = b.toByteArray();
                out.varLong(raw.length);
                out.put(raw);
            }
            case byte[] raw -> {
                out.put(BYTES);
                out.varLong(raw.length);
                out.put(raw);
            }
            case Enum<?> e -> {
                out.put(ENUM);
                string(out, e.getDeclaringClass().getName());
                string(out, e.name());
            }
            case Vow<?> vow -> {
                out.put(VOW);
                value(out, vow.shortener(), runtime);
            }
            case Throwable t -> {
                out.put(ERROR);
                string(out, FlowError.nameOf(t));
                string(out, t.getMessage() == null ? "" : t.getMessage());
                value(out, t instanceof DisconnectedException d ? d.reason() : null, runtime);
            }
            case List<?> list -> {
                out.put(LIST);
                out.varLong(list.size());
                for (Object o : list) {
                    value(out, o, runtime);
                }
            }
            case Set<?> set -> {
                out.put(SET);
                out.varLong(set.size());
                for (Object o : set) {
                    value(out, o, runtime);
                }
            }
            case Map<?, ?> map -> {
                out.put(MAP);
                out.varLong(map.size());
                for (Map.Entry<?, ?> en : map.entrySet()) {
                    value(out, en.getKey(), runtime);
                    value(out, en.getValue(), runtime);
                }
            }
            default -> other(out, v, runtime);
        }
    }

    private static void other(Buffer out, Object v, ZoneRuntime runtime) {
        ObjectIdentities.Identity id = ObjectIdentities.identify(v);
        if (id != null) {
            if (id.runtime() != runtime) {
                throw new NotStorableException("flow log: " + v + " was made by another zone tree");
            }
            out.put(REF);
            out.varLong(id.id());
            string(out, id.facet());
            return;
        }
        if (v instanceof Record r) {
            RecordComponent[] rcs = r.getClass().getRecordComponents();
            out.put(RECORD);
            string(out, r.getClass().getName());
            out.varLong(rcs.length);
            for (RecordComponent rc : rcs) {
                Object c;
                try {
                    rc.getAccessor().setAccessible(true);
                    c = rc.getAccessor().invoke(r);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new NotStorableException("flow log: component '" + rc.getName() + "' of record "
                            + r.getClass().getName() + " cannot be read: " + e);
                }
                string(out, rc.getName());
                value(out, c, runtime);
            }
            return;
        }
        throw new NotStorableException("flow log: " + ValueCodec.describe(v) + " is not storable");
    }

    // ---- reading ------------------------------------------------------------------------------

    /** Reads the entries of a whole log, reviving values in {@code runtime}. */
    static List<LogEntry> readAll(byte[] data, ZoneRuntime runtime) {
        Reader in = new Reader(data, runtime);
        List<LogEntry> out = new ArrayList<>();
        while (in.pos < data.length) {
            out.add(in.entry());
        }
        return out;
    }

    private static final class Reader {
        final byte[] d;
        int pos;
        final ZoneRuntime runtime;

        Reader(byte[] d, ZoneRuntime runtime) {
            this.d = d;
            this.runtime = runtime;
        }

        int u8() {
            if (pos >= d.length) {
                throw new IllegalArgumentException("flow log is truncated at byte " + pos);
            }
            return d[pos++] & 0xFF;
        }

        long varLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("flow log has a malformed varint at byte " + pos);
        }

        long signed() {
            long z = varLong();
            return (z >>> 1) ^ -(z & 1);
        }

        int count() {
            long n = varLong();
            if (n < 0 || n > d.length - pos) {
                throw new IllegalArgumentException("flow log has a bad length " + n + " at byte " + pos);
            }
            return (int) n;
        }

        byte[] blob() {
            int n = count();
            byte[] b = Arrays.copyOfRange(d, pos, pos + n);
            pos += n;
            return b;
        }

        String string() {
            int n = count();
            String s = new String(d, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        LogEntry entry() {
            int kind = u8();
            return switch (kind) {
                case START_GENERATION -> new LogEntry.StartGeneration(varLong());
                case CHECK_CALL -> {
                    long idx = varLong();
                    Object target = live();
                    String method = string();
                    int n = count();
                    List<@Nullable Object> args = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        args.add(live());
                    }
                    yield new LogEntry.CheckCall(java.util.Objects.requireNonNull(target, "checkCall target"), method,
                            java.util.Collections.unmodifiableList(args), idx);
                }
                case DO_RETURN -> new LogEntry.DoReturn(varLong(), live());
                case DO_THROW -> new LogEntry.DoThrow(varLong(), (Throwable) java.util.Objects.requireNonNull(live()));
                case DO_FULFILL -> new LogEntry.DoFulfill((Vow<?>) java.util.Objects.requireNonNull(live()), live());
                case DO_REJECT -> new LogEntry.DoReject((Vow<?>) java.util.Objects.requireNonNull(live()),
                        (Throwable) java.util.Objects.requireNonNull(live()));
                default -> throw new IllegalArgumentException("flow log has unknown entry kind " + kind
                        + " at byte " + (pos - 1));
            };
        }

        /**
         * Decodes one value straight to its live form: plain data and (unmodifiable) collections are
         * built directly; only zone references, vows, errors, records and enums go through the codec.
         */
        @Nullable Object live() {
            int tag = u8();
            return switch (tag) {
                case NULL -> null;
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case INT -> (int) signed();
                case LONG -> signed();
                case STRING -> string();
                case LIST -> {
                    int n = count();
                    List<@Nullable Object> l = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        l.add(live());
                    }
                    yield java.util.Collections.unmodifiableList(l);
                }
                case MAP -> {
                    int n = count();
                    Map<@Nullable Object, @Nullable Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        Object k = live();
                        m.put(k, live());
                    }
                    yield java.util.Collections.unmodifiableMap(m);
                }
                case SET -> {
                    int n = count();
                    Set<@Nullable Object> st = new LinkedHashSet<>();
                    for (int i = 0; i < n; i++) {
                        st.add(live());
                    }
                    yield java.util.Collections.unmodifiableSet(st);
                }
                case REF -> runtime.liveObject(varLong(), string());
                default -> {
                    pos--;
                    Object stored = stored();
                    yield stored == null ? null : runtime.codec.revive(stored);
                }
            };
        }

        @Nullable Object stored() {
            int tag = u8();
            return switch (tag) {
                case NULL -> null;
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case INT -> (int) signed();
                case LONG -> signed();
                case DOUBLE -> {
                    long bits = 0;
                    for (int i = 0; i < 8; i++) {
                        bits |= (long) u8() << (8 * i);
                    }
                    yield Double.longBitsToDouble(bits);
                }
                case BIGINT -> new BigInteger(blob());
                case STRING -> string();
                case BYTES -> {
                    int n = count();
                    Bytes b = Bytes.copyOf(java.util.Arrays.copyOfRange(d, pos, pos + n));
                    pos += n;
                    yield b;
                }
                case LIST -> {
                    int n = count();
                    List<@Nullable Object> l = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        l.add(stored());
                    }
                    yield l;
                }
                case SET -> {
                    int n = count();
                    Set<@Nullable Object> s = new LinkedHashSet<>();
                    for (int i = 0; i < n; i++) {
                        s.add(stored());
                    }
                    yield s;
                }
                case MAP -> {
                    int n = count();
                    Map<@Nullable Object, @Nullable Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        Object k = stored();
                        m.put(k, stored());
                    }
                    yield m;
                }
                case RECORD -> {
                    String cls = string();
                    int n = count();
                    Map<String, @Nullable Object> comps = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        String name = string();
                        comps.put(name, stored());
                    }
                    yield new StoredRecord(cls, comps);
                }
                case ENUM -> new StoredEnum(string(), string());
                case REF -> new Ref(varLong(), string());
                case VOW -> new StoredVow(java.util.Objects.requireNonNull(stored(), "vow shortener"));
                case ERROR -> new StoredError(string(), string(), stored());
                default -> throw new IllegalArgumentException("flow log has unknown value tag " + tag + " at byte "
                        + (pos - 1));
            };
        }
    }
}
