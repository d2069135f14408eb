package io.vowstream.schemas.serde;

import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassUtils;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads Avro values in the Confluent wire format, fetching the writer schema by the id in the
 * record.
 *
 * <p>Records whose writer schema names a generated class are read into that class, with the
 * class's own schema as reader schema, so data written by older or newer compatible schemas
 * resolves (set {@code specific.avro.reader=false} for {@code GenericRecord}s). Given a target
 * type that is a generated class, that class's schema is the reader schema whatever the writer
 * called its record. Top-level strings come back as {@code String} and bytes as {@code byte[]};
 * {@code null} stays {@code null}.
 *
 * <p>A bad magic byte, a payload shorter than the header, an id the registry does not know, bytes
 * that do not decode with the writer schema, and a value that is not of the target type all throw
 * Kafka's {@link SerializationException} naming the topic, the schema id and the problem.
 *
 * <p>Avro refuses to instantiate classes outside trusted packages; this deserializer adds the
 * generated package {@code io.vowstream.schemas} to Avro's trusted classes itself.
 *
 * @param <T> the value type
 */
public final class VowstreamAvroDeserializer<T> implements Deserializer<T> {

  private @Nullable SchemaRegistryClient client;
  private final boolean clientGiven;
  private final @Nullable Class<T> targetType;
  private boolean specificReader = VowstreamSerdeConfig.SPECIFIC_AVRO_READER_DEFAULT;
  private Cache<Integer, DatumReader<Object>> readers =
      new SynchronizedCache<>(new LRUCache<>(VowstreamSerdeConfig.CACHE_CAPACITY_DEFAULT));

  /** For Kafka: configure with {@link #configure} before use. */
  public VowstreamAvroDeserializer() {
    this(null, null, false);
  }

  /** For Kafka-style configuration, checking that every value is a {@code targetType}. */
  public VowstreamAvroDeserializer(Class<T> targetType) {
    this(null, Objects.requireNonNull(targetType, "targetType"), false);
  }

  /** A deserializer with default settings using {@code client}, which it does not close. */
  public VowstreamAvroDeserializer(SchemaRegistryClient client) {
    this(Objects.requireNonNull(client, "client"), null, true);
  }

  /** Like {@link #VowstreamAvroDeserializer(SchemaRegistryClient)}, for one target type. */
  public VowstreamAvroDeserializer(SchemaRegistryClient client, Class<T> targetType) {
    this(
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(targetType, "targetType"),
        true);
  }

  private VowstreamAvroDeserializer(
      @Nullable SchemaRegistryClient client, @Nullable Class<T> targetType, boolean clientGiven) {
    this.client = client;
    this.targetType = targetType;
    this.clientGiven = clientGiven;
    GeneratedClassTrust.ensure();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    VowstreamSerdeConfig config = new VowstreamSerdeConfig(configs);
    this.specificReader = config.specificAvroReader();
    this.readers = new SynchronizedCache<>(new LRUCache<>(config.cacheCapacity()));
    if (!clientGiven) {
      if (client != null) {
        client.close();
      }
      client = RegistryClients.fromConfig(config, "VowstreamAvroDeserializer");
    }
  }

  @Override
  public @Nullable T deserialize(String topic, byte @Nullable [] payload) {
    if (payload == null) {
      return null;
    }
    SchemaRegistryClient registry = client;
    if (registry == null) {
      throw new IllegalStateException(
          "VowstreamAvroDeserializer is not configured: call configure() with \""
              + VowstreamSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
              + "\" or pass a SchemaRegistryClient to the constructor");
    }
    int id = WireFormat.readSchemaId(topic, payload);
    DatumReader<Object> reader = readers.get(id);
    Schema writerSchema;
    if (reader == null) {
      try {
        writerSchema = registry.schemaById(id);
      } catch (SchemaRegistryException e) {
        throw new SerializationException(
            "Could not fetch the writer schema with id " + id + " for a record from topic '"
                + topic + "': " + e.getMessage(),
            e);
      }
      reader = readerFor(writerSchema, topic, id);
      readers.put(id, reader);
    }
    Object value;
    try {
      BinaryDecoder decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  payload,
                  WireFormat.HEADER_SIZE,
                  payload.length - WireFormat.HEADER_SIZE,
                  null);
      value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new IOException("the Avro data ends before the record does (extra bytes)");
      }
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Could not decode the Avro payload of a record from topic '" + topic + "' with schema id "
              + id + ": " + e,
          e);
    }
    Object plain = AvroValues.fromDatum(value);
    if (targetType != null && plain != null && !targetType.isInstance(plain)) {
      throw new SerializationException(
          "Record from topic '" + topic + "' with schema id " + id + " decoded to a "
              + plain.getClass().getName() + ", not the expected " + targetType.getName());
    }
    @SuppressWarnings("unchecked")
    T result = (T) plain;
    return result;
  }

  private DatumReader<Object> readerFor(Schema writerSchema, String topic, int id) {
    Class<?> generated = specificReader ? generatedClass(writerSchema, topic, id) : null;
    if (generated == null) {
      return new GenericDatumReader<>(writerSchema, writerSchema, GenericData.get());
    }
    SpecificData model = SpecificData.getForClass(generated);
    Schema readerSchema = model.getSchema(generated);
    return new SpecificDatumReader<>(writerSchema, readerSchema, model);
  }

  /** The generated class to read into, or null to read generically. */
  private @Nullable Class<?> generatedClass(Schema writerSchema, String topic, int id) {
    if (targetType != null && SpecificRecord.class.isAssignableFrom(targetType)) {
      return targetType;
    }
    if (writerSchema.getType() != Schema.Type.RECORD) {
      return null;
    }
    Class<?> found;
    try {
      found = ClassUtils.forName(getClass().getClassLoader(), writerSchema.getFullName());
    } catch (ClassNotFoundException e) {
      return null;
    } catch (SecurityException e) {
      throw new SerializationException(
          "Avro does not trust class " + writerSchema.getFullName() + ", named by schema id " + id
              + " of a record from topic '" + topic + "': " + e.getMessage(),
          e);
    }
    return SpecificRecord.class.isAssignableFrom(found) ? found : null;
  }

  /** Closes the registry client if this deserializer created it from configuration. */
  @Override
  public void close() {
    if (!clientGiven && client != null) {
      client.close();
      client = null;
    }
  }
}
