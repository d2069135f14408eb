package io.vowstream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The Confluent framing: magic byte 0x00, then the schema id as a big-endian int32. */
final class WireFormat {
  static final byte MAGIC_BYTE = 0x00;
  static final int HEADER_SIZE = 5;

  private WireFormat() {}

  static void writeHeader(byte[] target, int schemaId) {
    target[0] = MAGIC_BYTE;
    target[1] = (byte) (schemaId >>> 24);
    target[2] = (byte) (schemaId >>> 16);
    target[3] = (byte) (schemaId >>> 8);
    target[4] = (byte) schemaId;
  }

  /** Checks the framing of {@code payload} from {@code topic} and returns its schema id. */
  static int readSchemaId(String topic, byte[] payload) {
    if (payload.length > 0 && payload[0] != MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "Unknown magic byte 0x%02x in a %d-byte record from topic '%s': expected 0x00, the"
                  + " Confluent wire format",
              payload[0] & 0xff, payload.length, topic));
    }
    if (payload.length < HEADER_SIZE) {
      throw new SerializationException(
          "Record of "
              + payload.length
              + " bytes from topic '"
              + topic
              + "' is too short for the Confluent wire format: it needs at least "
              + HEADER_SIZE
              + " bytes (magic byte and 4-byte schema id)");
    }
    return ((payload[1] & 0xff) << 24)
        | ((payload[2] & 0xff) << 16)
        | ((payload[3] & 0xff) << 8)
        | (payload[4] & 0xff);
  }
}
