package io.vowstream.flow.internal;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.internal.StoredForms.Ref;
import io.vowstream.flow.internal.StoredForms.StoredEnum;
import io.vowstream.flow.internal.StoredForms.StoredError;
import io.vowstream.flow.internal.StoredForms.StoredRecord;
import io.vowstream.flow.internal.StoredForms.StoredVow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A compact, versioned binary encoding of stored-form trees. Layout: magic "VOWZ", a format
 * version byte, then one tagged value. Records are written with component names, so a reader can
 * tell added, removed and renamed components apart.
 */
final class CheckpointCodec {
    static final int MAGIC = 0x564F575A; // "VOWZ"
    static final int VERSION = 1;

    private static final int NULL = 0, TRUE = 1, FALSE = 2, INT = 3, LONG = 4, DOUBLE = 5, BIGINT = 6,
            STRING = 7, BYTES = 8, LIST = 9, MAP = 10, SET = 11, RECORD = 12, ENUM = 13, REF = 14, VOW = 15,
            ERROR = 16;

    private CheckpointCodec() {}

    static byte[] encode(@Nullable Object tree) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            write(out, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static @Nullable Object decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (data.length < 5 || in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a vowstream zone checkpoint (bad magic)");
            }
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("zone checkpoint format version " + version
                        + " is not supported (this engine reads version " + VERSION + ")");
            }
            Object tree = read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException("zone checkpoint has " + in.available() + " trailing bytes");
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalArgumentException("zone checkpoint is truncated or corrupt: " + e, e);
        }
    }

    private static void write(DataOutputStream out, @Nullable Object v) throws IOException {
        switch (v) {
            case null -> out.writeByte(NULL);
            case Boolean b -> out.writeByte(b ? TRUE : FALSE);
            case Integer i -> {
                out.writeByte(INT);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            }
            case BigInteger b -> {
                out.writeByte(BIGINT);
                writeBlob(out, b.toByteArray());
            }
            case String s -> {
                out.writeByte(STRING);
                writeString(out, s);
            }
            case Bytes b -> {
                out.writeByte(BYTES);
                writeBlob(out, b.toByteArray());
            }
            case List<?> list -> {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object o : list) {
                    write(out, o);
                }
            }
            case Set<?> set -> {
                out.writeByte(SET);
                out.writeInt(set.size());
                for (Object o : set) {
                    write(out, o);
                }
            }
            case Map<?, ?> map -> {
                out.writeByte(MAP);
                out.writeInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    write(out, e.getKey());
                    write(out, e.getValue());
                }
            }
            case StoredRecord r -> {
                out.writeByte(RECORD);
                writeString(out, r.className());
                out.writeInt(r.components().size());
                for (Map.Entry<String, Object> e : r.components().entrySet()) {
                    writeString(out, e.getKey());
                    write(out, e.getValue());
                }
            }
            case StoredEnum e -> {
                out.writeByte(ENUM);
                writeString(out, e.className());
                writeString(out, e.name());
            }
            case Ref r -> {
                out.writeByte(REF);
                out.writeLong(r.id());
                writeString(out, r.facet());
            }
            case StoredVow sv -> {
                out.writeByte(VOW);
                write(out, sv.shortener());
            }
            case StoredError e -> {
                out.writeByte(ERROR);
                writeString(out, e.className());
                writeString(out, e.message());
                write(out, e.reason());
            }
            default -> throw new IllegalStateException("internal: " + v.getClass().getName()
                    + " is not a stored form and cannot be written to a checkpoint");
        }
    }

    private static @Nullable Object read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case BIGINT -> new BigInteger(readBlob(in));
            case STRING -> readString(in);
            case BYTES -> Bytes.copyOf(readBlob(in));
            case LIST -> {
                int n = count(in);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                yield list;
            }
            case SET -> {
                int n = count(in);
                Set<Object> set = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    set.add(read(in));
                }
                yield set;
            }
            case MAP -> {
                int n = count(in);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object k = read(in);
                    map.put(k, read(in));
                }
                yield map;
            }
            case RECORD -> {
                String cls = readString(in);
                int n = count(in);
                Map<String, Object> comps = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String name = readString(in);
                    comps.put(name, read(in));
                }
                yield new StoredRecord(cls, comps);
            }
            case ENUM -> new StoredEnum(readString(in), readString(in));
            case REF -> new Ref(in.readLong(), readString(in));
            case VOW -> {
                Object s = read(in);
                if (s == null) {
                    throw new IOException("vow without shortener");
                }
                yield new StoredVow(s);
            }
            case ERROR -> new StoredError(readString(in), readString(in), read(in));
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad element count " + n);
        }
        return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBlob(out, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBlob(in), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeBlob(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBlob(DataInputStream in) throws IOException {
        int n = count(in);
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
