package io.vowstream.schemas.serde;

import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of the Vowstream Avro serializer and deserializer, defined once with its type,
 * default, validation and documentation. Key names follow Confluent's serdes, so existing client
 * configurations carry over. Keys not listed here are ignored, as Kafka does.
 */
public final class VowstreamSerdeConfig extends AbstractConfig {

  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  public static final String SCHEMA_REGISTRY_URL_DOC =
      "Comma-separated base URLs of a registry serving the Confluent Schema Registry API; each"
          + " request goes to the first one that can be reached. Required unless a"
          + " SchemaRegistryClient is passed to the constructor.";

  public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
  public static final boolean AUTO_REGISTER_SCHEMAS_DEFAULT = true;
  public static final String AUTO_REGISTER_SCHEMAS_DOC =
      "Serializer: register the value's schema under the topic subject if it is not there yet."
          + " When false, the schema must already be registered (it is looked up).";

  public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
  public static final boolean USE_LATEST_VERSION_DEFAULT = false;
  public static final String USE_LATEST_VERSION_DOC =
      "Serializer: write with the latest schema registered under the subject instead of the"
          + " value's own schema; the value must be writable with that schema. The latest"
          + " version is fetched once per subject and serializer. Takes precedence over"
          + " auto.register.schemas.";

  public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
  public static final boolean SPECIFIC_AVRO_READER_DEFAULT = true;
  public static final String SPECIFIC_AVRO_READER_DOC =
      "Deserializer: read records into the generated class named by the writer schema, using"
          + " that class's own schema as reader schema (so older and newer writers resolve)."
          + " When false, or when no such class exists, records are GenericRecords.";

  public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
  public static final String BASIC_AUTH_USER_INFO_DOC =
      "HTTP basic authentication for the registry, as user:password. Empty: no authentication.";

  public static final String CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
  public static final int CONNECT_TIMEOUT_MS_DEFAULT =
      (int) HttpSchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT.toMillis();
  public static final String CONNECT_TIMEOUT_MS_DOC =
      "How long to wait for a connection to the registry, in milliseconds.";

  public static final String READ_TIMEOUT_MS_CONFIG = "http.read.timeout.ms";
  public static final int READ_TIMEOUT_MS_DEFAULT =
      (int) HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT.toMillis();
  public static final String READ_TIMEOUT_MS_DOC =
      "How long one registry request may take, in milliseconds.";

  public static final String CACHE_CAPACITY_CONFIG = "schema.registry.cache.capacity";
  public static final int CACHE_CAPACITY_DEFAULT = HttpSchemaRegistryClient.DEFAULT_CACHE_CAPACITY;
  public static final String CACHE_CAPACITY_DOC =
      "Bound on each registry cache (ids to schemas, subject and schema to id) and on the"
          + " serde's per-schema reader and writer caches.";

  private static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              SCHEMA_REGISTRY_URL_CONFIG,
              Type.LIST,
              List.of(),
              Importance.HIGH,
              SCHEMA_REGISTRY_URL_DOC)
          .define(
              AUTO_REGISTER_SCHEMAS_CONFIG,
              Type.BOOLEAN,
              AUTO_REGISTER_SCHEMAS_DEFAULT,
              Importance.MEDIUM,
              AUTO_REGISTER_SCHEMAS_DOC)
          .define(
              USE_LATEST_VERSION_CONFIG,
              Type.BOOLEAN,
              USE_LATEST_VERSION_DEFAULT,
              Importance.LOW,
              USE_LATEST_VERSION_DOC)
          .define(
              SPECIFIC_AVRO_READER_CONFIG,
              Type.BOOLEAN,
              SPECIFIC_AVRO_READER_DEFAULT,
              Importance.MEDIUM,
              SPECIFIC_AVRO_READER_DOC)
          .define(
              BASIC_AUTH_USER_INFO_CONFIG,
              Type.PASSWORD,
              "",
              Importance.MEDIUM,
              BASIC_AUTH_USER_INFO_DOC)
          .define(
              CONNECT_TIMEOUT_MS_CONFIG,
              Type.INT,
              CONNECT_TIMEOUT_MS_DEFAULT,
              Range.atLeast(1),
              Importance.LOW,
              CONNECT_TIMEOUT_MS_DOC)
          .define(
              READ_TIMEOUT_MS_CONFIG,
              Type.INT,
              READ_TIMEOUT_MS_DEFAULT,
              Range.atLeast(1),
              Importance.LOW,
              READ_TIMEOUT_MS_DOC)
          .define(
              CACHE_CAPACITY_CONFIG,
              Type.INT,
              CACHE_CAPACITY_DEFAULT,
              Range.atLeast(1),
              Importance.LOW,
              CACHE_CAPACITY_DOC);

  /**
   * Parses and validates {@code configs}.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming the key and value that are wrong
   */
  public VowstreamSerdeConfig(Map<String, ?> configs) {
    super(DEFINITION, configs, false);
  }

  /** The definition of every key, e.g. to render documentation with {@code toHtml()}. */
  public static ConfigDef configDef() {
    return new ConfigDef(DEFINITION);
  }

  public List<String> schemaRegistryUrls() {
    return getList(SCHEMA_REGISTRY_URL_CONFIG);
  }

  public boolean autoRegisterSchemas() {
    return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
  }

  public boolean useLatestVersion() {
    return getBoolean(USE_LATEST_VERSION_CONFIG);
  }

  public boolean specificAvroReader() {
    return getBoolean(SPECIFIC_AVRO_READER_CONFIG);
  }

  /** The {@code user:password} for basic authentication, or null when none is configured. */
  public @Nullable String basicAuthUserInfo() {
    Password p = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
    return p == null || p.value().isEmpty() ? null : p.value();
  }

  public Duration connectTimeout() {
    return Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS_CONFIG));
  }

  public Duration readTimeout() {
    return Duration.ofMillis(getInt(READ_TIMEOUT_MS_CONFIG));
  }

  public int cacheCapacity() {
    return getInt(CACHE_CAPACITY_CONFIG);
  }
}
