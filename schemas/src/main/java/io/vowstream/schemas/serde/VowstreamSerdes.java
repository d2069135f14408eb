package io.vowstream.schemas.serde;

import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Ready {@link Serde}s for Vowstream's topics: one per generated record type (as values) and one
 * for the Avro-string process-id keys every topic uses.
 *
 * <p>The methods taking a {@link SchemaRegistryClient} return configured serdes that share the
 * client (they do not close it); the methods taking a configuration map build their own HTTP client
 * from {@code schema.registry.url} and friends (see {@link VowstreamSerdeConfig}).
 */
public final class VowstreamSerdes {
  private VowstreamSerdes() {}

  /** A value serde for the generated record type {@code type}. */
  public static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> value(
      Class<T> type, SchemaRegistryClient client) {
    return configured(type, client, Map.of(), false);
  }

  /** A value serde for {@code type} configured from {@code configs}. */
  public static <T> Serde<T> value(Class<T> type, Map<String, ?> configs) {
    return fromConfig(type, configs, false);
  }

  /** A serde for Avro-string keys (process ids), under the {@code <topic>-key} subject. */
  public static Serde<String> stringKey(SchemaRegistryClient client) {
    return configured(String.class, client, Map.of(), true);
  }

  /** A key serde for Avro strings configured from {@code configs}. */
  public static Serde<String> stringKey(Map<String, ?> configs) {
    return fromConfig(String.class, configs, true);
  }

  public static Serde<DataItem> dataItem(SchemaRegistryClient client) {
    return value(DataItem.class, client);
  }

  public static Serde<Tag> tag(SchemaRegistryClient client) {
    return value(Tag.class, client);
  }

  public static Serde<Assignment> assignment(SchemaRegistryClient client) {
    return value(Assignment.class, client);
  }

  public static Serde<ScheduledItem> scheduledItem(SchemaRegistryClient client) {
    return value(ScheduledItem.class, client);
  }

  public static Serde<Result> result(SchemaRegistryClient client) {
    return value(Result.class, client);
  }

  public static Serde<Rejection> rejection(SchemaRegistryClient client) {
    return value(Rejection.class, client);
  }

  /**
   * A serde for {@code type} sharing {@code client}, configured with {@code configs} as a key or
   * value serde.
   */
  public static <T> Serde<T> configured(
      Class<T> type, SchemaRegistryClient client, Map<String, ?> configs, boolean isKey) {
    VowstreamAvroSerializer<T> serializer = new VowstreamAvroSerializer<>(client);
    VowstreamAvroDeserializer<T> deserializer = new VowstreamAvroDeserializer<>(client, type);
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  private static <T> Serde<T> fromConfig(Class<T> type, Map<String, ?> configs, boolean isKey) {
    VowstreamAvroSerializer<T> serializer = new VowstreamAvroSerializer<>();
    VowstreamAvroDeserializer<T> deserializer = new VowstreamAvroDeserializer<>(type);
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
