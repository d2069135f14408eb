package io.vowstream.schemas.serde;

import io.vowstream.schemas.registry.RegisteredSchema;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Writes values as Avro in the Confluent wire format: {@code 0x00}, the schema id (big-endian
 * int32), the Avro binary encoding.
 *
 * <p>Accepts generated {@code SpecificRecord}s, {@code GenericRecord}s (any {@code
 * GenericContainer}) and the Avro primitives {@code String}/{@code CharSequence}, {@code Long},
 * {@code Integer}, {@code Boolean}, {@code Double}, {@code Float}, {@code byte[]} and {@code
 * ByteBuffer}; {@code null} becomes {@code null} (a tombstone). The schema is registered (or, with
 * {@code auto.register.schemas=false}, looked up) under {@code <topic>-value}, or {@code
 * <topic>-key} when configured as a key serializer. See {@link VowstreamSerdeConfig}.
 *
 * <p>Kafka creates it with the no-argument constructor and calls {@link #configure}; embedding code
 * and tests pass a {@link SchemaRegistryClient} instead, which is then used whatever the
 * configuration says about URLs. Failures throw Kafka's {@link SerializationException} naming the
 * topic, the subject or schema id and the cause.
 *
 * @param <T> the value type
 */
public final class VowstreamAvroSerializer<T> implements Serializer<T> {
  private static final int MAX_KEPT_BUFFER = 1 << 20;

  private record WriterKey(Schema schema, boolean specific) {}

  private record IdKey(String subject, Schema schema) {}

  /** Per-thread output buffer and encoder: a fresh encoder per record was a large part of its cost. */
  private static final class Buffers {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    @Nullable BinaryEncoder encoder;
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private @Nullable SchemaRegistryClient client;
  private final boolean clientGiven;
  private boolean isKey;
  private boolean autoRegister = VowstreamSerdeConfig.AUTO_REGISTER_SCHEMAS_DEFAULT;
  private boolean useLatestVersion = VowstreamSerdeConfig.USE_LATEST_VERSION_DEFAULT;
  private int cacheCapacity = VowstreamSerdeConfig.CACHE_CAPACITY_DEFAULT;
  // Lock-free: the SU serializes on several signing threads at once. Both maps only grow to the
  // number of schemas in use; past the capacity they are cleared rather than evicted one by one.
  private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  // A (subject, schema) pair keeps its id for good, so a hit never asks the registry client.
  private final Map<IdKey, Integer> ids = new ConcurrentHashMap<>();
  // With use.latest.version, one registry call per subject, not per record.
  private Cache<String, RegisteredSchema> latestBySubject =
      new SynchronizedCache<>(new LRUCache<>(VowstreamSerdeConfig.CACHE_CAPACITY_DEFAULT));

  /** For Kafka: configure with {@link #configure} before use. */
  public VowstreamAvroSerializer() {
    this.client = null;
    this.clientGiven = false;
    GeneratedClassTrust.ensure();
  }

  /**
   * A value serializer with default settings using {@code client}; call {@link #configure} to make
   * it a key serializer or to change settings. The client is not closed by {@link #close()}.
   */
  public VowstreamAvroSerializer(SchemaRegistryClient client) {
    this.client = Objects.requireNonNull(client, "client");
    this.clientGiven = true;
    GeneratedClassTrust.ensure();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    VowstreamSerdeConfig config = new VowstreamSerdeConfig(configs);
    this.isKey = isKey;
    this.autoRegister = config.autoRegisterSchemas();
    this.useLatestVersion = config.useLatestVersion();
    this.cacheCapacity = config.cacheCapacity();
    this.writers.clear();
    this.ids.clear();
    this.latestBySubject = new SynchronizedCache<>(new LRUCache<>(config.cacheCapacity()));
    if (!clientGiven) {
      if (client != null) {
        client.close();
      }
      client = RegistryClients.fromConfig(config, "VowstreamAvroSerializer");
    }
  }

  /** The subject this serializer uses for {@code topic}. */
  public String subjectFor(String topic) {
    return SubjectNames.topicSubject(topic, isKey);
  }

  @Override
  public byte @Nullable [] serialize(String topic, @Nullable T value) {
    if (value == null) {
      return null;
    }
    SchemaRegistryClient registry = client;
    if (registry == null) {
      throw new IllegalStateException(
          "VowstreamAvroSerializer is not configured: call configure() with \""
              + VowstreamSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
              + "\" or pass a SchemaRegistryClient to the constructor");
    }
    Schema ownSchema = AvroValues.schemaOf(value);
    if (ownSchema == null) {
      throw new SerializationException(
          "Cannot serialize a " + value.getClass().getName() + " for topic '" + topic
              + "': not an Avro record or primitive (SpecificRecord, GenericRecord, String, Long,"
              + " Integer, Boolean, Double, Float, byte[] or ByteBuffer)");
    }
    String subject = subjectFor(topic);
    Schema writerSchema = ownSchema;
    int id;
    try {
      if (useLatestVersion) {
        RegisteredSchema latest = latestBySubject.get(subject);
        if (latest == null) {
          latest = registry.latestVersion(subject);
          latestBySubject.put(subject, latest);
        }
        id = latest.id();
        writerSchema = latest.schema();
      } else {
        IdKey key = new IdKey(subject, ownSchema);
        Integer known = ids.get(key);
        if (known != null) {
          id = known;
        } else {
          id = autoRegister ? registry.register(subject, ownSchema) : registry.id(subject, ownSchema);
          remember(ids, key, id);
        }
      }
    } catch (SchemaRegistryException e) {
      String action =
          useLatestVersion
              ? "fetch the latest schema of"
              : autoRegister ? "register the schema under" : "look up the schema under";
      throw new SerializationException(
          "Could not " + action + " subject '" + subject + "' for topic '" + topic + "' ("
              + describe(ownSchema) + "): " + e.getMessage(),
          e);
    }
    try {
      Buffers b = BUFFERS.get();
      ByteArrayOutputStream out = b.out;
      out.reset();
      byte[] header = new byte[WireFormat.HEADER_SIZE];
      WireFormat.writeHeader(header, id);
      out.write(header);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, b.encoder);
      b.encoder = encoder;
      DatumWriter<Object> writer = writerFor(writerSchema, AvroValues.isSpecific(value));
      writer.write(AvroValues.toDatum(value), encoder);
      encoder.flush();
      byte[] bytes = out.toByteArray();
      if (out.size() > MAX_KEPT_BUFFER) {
        BUFFERS.remove(); // one huge record must not pin its buffer to the thread
      }
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Could not serialize a " + value.getClass().getName() + " for topic '" + topic
              + "' with schema id " + id + " (" + describe(writerSchema) + "): " + e,
          e);
    }
  }

  private DatumWriter<Object> writerFor(Schema schema, boolean specific) {
    WriterKey key = new WriterKey(schema, specific);
    DatumWriter<Object> writer = writers.get(key);
    if (writer == null) {
      writer =
          specific
              ? new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema))
              : new GenericDatumWriter<>(schema, GenericData.get());
      remember(writers, key, writer);
    }
    return writer;
  }

  private <K, V> void remember(Map<K, V> cache, K key, V value) {
    if (cache.size() >= cacheCapacity) {
      cache.clear();
    }
    cache.put(key, value);
  }

  static String describe(Schema schema) {
    return switch (schema.getType()) {
      case RECORD, ENUM, FIXED -> "schema " + schema.getFullName();
      default -> "schema " + schema.getType().getName();
    };
  }

  /** Closes the registry client if this serializer created it from configuration. */
  @Override
  public void close() {
    if (!clientGiven && client != null) {
      client.close();
      client = null;
    }
  }
}
