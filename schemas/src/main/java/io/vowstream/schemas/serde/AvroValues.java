package io.vowstream.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.jspecify.annotations.Nullable;

/** Which Avro schema a Java value is written with, and the plain Java form of read values. */
final class AvroValues {
  private static final Schema STRING = Schema.create(Schema.Type.STRING);
  private static final Schema LONG = Schema.create(Schema.Type.LONG);
  private static final Schema INT = Schema.create(Schema.Type.INT);
  private static final Schema BYTES = Schema.create(Schema.Type.BYTES);
  private static final Schema BOOLEAN = Schema.create(Schema.Type.BOOLEAN);
  private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
  private static final Schema FLOAT = Schema.create(Schema.Type.FLOAT);

  private AvroValues() {}

  /** The schema {@code value} carries or maps to, or null if it has no Avro form. */
  static @Nullable Schema schemaOf(Object value) {
    return switch (value) {
      case GenericContainer c -> c.getSchema();
      case CharSequence s -> STRING;
      case Long l -> LONG;
      case Integer i -> INT;
      case byte[] b -> BYTES;
      case ByteBuffer b -> BYTES;
      case Boolean b -> BOOLEAN;
      case Double d -> DOUBLE;
      case Float f -> FLOAT;
      default -> null;
    };
  }

  static boolean isSpecific(Object value) {
    return value instanceof SpecificRecord;
  }

  /** The datum Avro's writers expect: byte arrays are wrapped. */
  static Object toDatum(Object value) {
    return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
  }

  /** Top-level primitives come back as String and byte[], as they were most likely written. */
  static @Nullable Object fromDatum(@Nullable Object datum) {
    return switch (datum) {
      case null -> null;
      case Utf8 u -> u.toString();
      case ByteBuffer b -> {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        yield bytes;
      }
      default -> datum;
    };
  }
}
