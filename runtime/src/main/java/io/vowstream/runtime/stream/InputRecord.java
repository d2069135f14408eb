package io.vowstream.runtime.stream;

import java.util.Map;

/**
 * One consumed record as the stage hands it to a {@link PartitionProcessor}: raw bytes, so that
 * a record that does not decode becomes the processor's rejection rather than a consumer crash.
 *
 * @param headers the record's headers as UTF-8 text (the last value of a repeated header wins)
 */
public record InputRecord(
    String topic, int partition, long offset, byte @org.jspecify.annotations.Nullable [] key,
    byte @org.jspecify.annotations.Nullable [] value, long timestamp, Map<String, String> headers) {

  public InputRecord {
    headers = Map.copyOf(headers);
  }
}
