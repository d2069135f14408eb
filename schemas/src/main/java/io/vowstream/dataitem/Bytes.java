package io.vowstream.dataitem;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** Copies between the Avro record's {@link ByteBuffer}s and arrays without moving positions. */
final class Bytes {
  private Bytes() {}

  static byte[] of(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }

  static byte @Nullable [] ofNullable(@Nullable ByteBuffer buffer) {
    return buffer == null ? null : of(buffer);
  }

  static ByteBuffer wrap(byte[] bytes) {
    return ByteBuffer.wrap(bytes.clone());
  }

  static @Nullable ByteBuffer wrapNullable(byte @Nullable [] bytes) {
    return bytes == null ? null : wrap(bytes);
  }
}
