package io.vowstream.runtime.stream;

import org.jspecify.annotations.Nullable;

/**
 * A record a {@link PartitionProcessor} asks the stage to write inside the current transaction.
 *
 * @param partition an explicit partition, or null to let the producer's partitioner choose from
 *     the key; records to the state topic must name the input partition they belong to
 */
public record OutputRecord(String topic, @Nullable Integer partition, byte @Nullable [] key, byte @Nullable [] value) {

  /** A record whose partition the producer derives from the key. */
  public static OutputRecord keyed(String topic, byte[] key, byte[] value) {
    return new OutputRecord(topic, null, key, value);
  }

  /** A record for an explicit partition (co-partitioned outputs and the state topic). */
  public static OutputRecord toPartition(String topic, int partition, byte[] key, byte @Nullable [] value) {
    return new OutputRecord(topic, partition, key, value);
  }
}
