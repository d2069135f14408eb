package io.vowstream.flow;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: the storable form of binary data. A {@code byte[]} handed to a zone is
 * copied into a {@code Bytes}, because a stored value must not change behind the store's back.
 */
public final class Bytes {
    private static final Bytes EMPTY = new Bytes(new byte[0]);
    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** A copy of {@code data}; later changes to the array do not affect the result. */
    public static Bytes copyOf(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    public static Bytes empty() {
        return EMPTY;
    }

    /** A fresh copy of the content. */
    public byte[] toByteArray() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    public byte get(int index) {
        return data[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Bytes[" + HexFormat.of().formatHex(data) + "]";
    }
}
