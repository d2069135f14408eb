package io.vowstream.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a Vowstream process: every key as a documented constant, and an immutable
 * view of the values resolved from overrides, system properties, environment, a file and defaults.
 */
public final class VowstreamConfig {

  // ---- cluster ---------------------------------------------------------------------------------

  public static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS = ConfigKey.string(
      "vowstream.kafka.bootstrap.servers", null,
      "Kafka cluster to use. Unset: the run command starts an embedded local broker.",
      "KAFKA_BOOTSTRAP_SERVERS");

  public static final ConfigKey<String> SCHEMA_REGISTRY_URL = ConfigKey.string(
      "vowstream.schema.registry.url", null,
      "Confluent-compatible schema registry. Unset: the run command starts the embedded registry on the cluster.",
      "SCHEMA_REGISTRY_URL");

  /** Prefix of Kafka client settings passed through unchanged, e.g. {@code vowstream.kafka.client.security.protocol}. */
  public static final String KAFKA_CLIENT_PREFIX = "vowstream.kafka.client.";

  /** Prefix of schema registry client settings passed through, e.g. {@code vowstream.schema.registry.client.basic.auth.user.info}. */
  public static final String REGISTRY_CLIENT_PREFIX = "vowstream.schema.registry.client.";

  // ---- embedded default ------------------------------------------------------------------------

  public static final ConfigKey<String> DATA_DIR = ConfigKey.string(
      "vowstream.data.dir", ".vowstream",
      "Where the run command keeps the embedded broker's data and the units' key files.");

  public static final ConfigKey<Integer> EMBEDDED_KAFKA_PORT = ConfigKey.port(
      "vowstream.embedded.kafka.port", 9092,
      "Port of the embedded broker on 127.0.0.1 (0 = any free port).");

  public static final ConfigKey<Integer> EMBEDDED_REGISTRY_PORT = ConfigKey.port(
      "vowstream.embedded.registry.port", 8081,
      "Port of the embedded schema registry on 127.0.0.1 (0 = any free port).");

  public static final ConfigKey<Boolean> RUN_DEMO = new ConfigKey<>(
      "vowstream.run.demo", "boolean", null,
      "Whether 'vowstream run' spawns the demo processes and sends them messages. Unset: only when the Kafka broker is "
          + "embedded, so running against an existing cluster starts the units only.",
      List.of(), VowstreamConfig::parseBoolean);
  public static final ConfigKey<String> SCHEMAS_TOPIC = ConfigKey.topic(
      "vowstream.schema.registry.topic", "_schemas",
      "Compacted topic where the embedded registry stores schemas.");

  // ---- topics ----------------------------------------------------------------------------------

  public static final ConfigKey<String> TOPIC_INGRESS = ConfigKey.topic(
      "vowstream.topic.ingress", "vowstream.ingress", "Data items submitted by Kafka producers (read by the MU).");
  public static final ConfigKey<String> TOPIC_SCHEDULE = ConfigKey.topic(
      "vowstream.topic.schedule", "vowstream.schedule", "Validated items to schedule (MU to SU).");
  public static final ConfigKey<String> TOPIC_ASSIGNMENTS = ConfigKey.topic(
      "vowstream.topic.assignments", "vowstream.assignments", "Assignments with their items in nonce order (SU to CU).");
  public static final ConfigKey<String> TOPIC_RESULTS = ConfigKey.topic(
      "vowstream.topic.results", "vowstream.results", "Results of evaluation (CU to MU and dashboards).");
  public static final ConfigKey<String> TOPIC_REJECTED = ConfigKey.topic(
      "vowstream.topic.rejected", "vowstream.rejected", "Every refused input with the unit, a reason code and a message.");
  public static final ConfigKey<Integer> TOPIC_PARTITIONS = ConfigKey.positiveInt(
      "vowstream.topic.partitions", 4,
      "Partitions of the Vowstream topics when the run command creates them (all topics are keyed by process id).");

  // ---- keys ------------------------------------------------------------------------------------

  public static final ConfigKey<String> KEY_FILE = ConfigKey.string(
      "vowstream.key.file", null,
      "JSON Web Key of the units' signing key (Ed25519, RSA or secp256k1). Unset: <data dir>/unit-key.json, generated (Ed25519) on first run.");

  // ---- scheduler unit --------------------------------------------------------------------------

  public static final ConfigKey<String> SU_STATE_TOPIC = ConfigKey.topic(
      "vowstream.su.state.topic", "vowstream.su.state",
      "Compacted topic of the SU's per-process schedule tails and scheduled-item markers; same partition count as the schedule topic.");
  public static final ConfigKey<String> SU_GROUP_ID = ConfigKey.string(
      "vowstream.su.group.id", "vowstream-su", "Consumer group of the SU instances reading the schedule topic.");
  public static final ConfigKey<String> SU_TRANSACTIONAL_ID = ConfigKey.string(
      "vowstream.su.transactional.id", "vowstream-su-0",
      "Transactional id of this SU instance; keep it stable across restarts so a restart aborts the crashed instance's open transaction at once.");
  public static final ConfigKey<Integer> SU_TRANSACTION_MAX_RECORDS = ConfigKey.positiveInt(
      "vowstream.su.transaction.max.records", 500,
      "Most schedule records committed in one Kafka transaction (larger amortises the per-transaction cost).");
  public static final ConfigKey<Integer> SU_TRANSACTION_LINGER_MS = new ConfigKey<>(
      "vowstream.su.transaction.linger.ms", "int", "10",
      "How long (ms) a partly filled transaction waits for more schedule records before it commits.", List.of(), s -> {
        int v = Integer.parseInt(s.trim());
        if (v < 0) {
          throw new IllegalArgumentException("must not be negative");
        }
        return v;
      });
  public static final ConfigKey<Integer> SU_HTTP_PORT = ConfigKey.port(
      "vowstream.su.http.port", 8083, "Port of the SU's HTTP read API, /metrics and /health (0 = any free port).");
  public static final ConfigKey<String> SU_HTTP_HOST = ConfigKey.string(
      "vowstream.su.http.host", "127.0.0.1", "Address the SU's HTTP server binds to.");
  public static final ConfigKey<Boolean> SU_VERIFY_SIGNATURES = new ConfigKey<>(
      "vowstream.su.verify.signatures", "boolean", "false",
      "Whether the SU verifies each item's signature again; a bad one is rejected as BAD_SIGNATURE. Off by default: the MU is "
          + "the gatekeeper (it checks signatures, Authority and From-Process, which the SU cannot redo) and "
          + "vowstream.schedule is an internal topic protected by ACLs. The SU always checks structure, tags and target.",
      List.of(), VowstreamConfig::parseBoolean);
  public static final ConfigKey<Long> SU_BLOCK_HEIGHT = new ConfigKey<>(
      "vowstream.su.block.height", "long", "0",
      "Block-Height written on assignments by the default (fixed) block-height source; embedders can plug in another source.",
      List.of(), s -> {
        long v = Long.parseLong(s.trim());
        if (v < 0) {
          throw new IllegalArgumentException("must not be negative");
        }
        return v;
      });
  public static final ConfigKey<String> SU_VARIANT = ConfigKey.string(
      "vowstream.su.variant", "ao.TN.1", "Variant tag written on assignments.");
  public static final ConfigKey<Integer> SU_MAX_ITEM_BYTES = ConfigKey.positiveInt(
      "vowstream.su.max.item.bytes", 786432,
      "Largest item in bytes (the vowstream.schedule record value) the SU schedules; larger ones are rejected as "
          + "ITEM_TOO_LARGE. The assignment record carries the item and the signed assignment, so a larger item could "
          + "exceed Kafka's 1 MiB record limit and fail every transaction that holds it.");

  // ---- compute unit ----------------------------------------------------------------------------

  public static final ConfigKey<String> CU_STATE_TOPIC = ConfigKey.topic(
      "vowstream.cu.state.topic", "vowstream.cu.state",
      "Compacted topic of the CU's per-process checkpoints and committed-nonce tails; same partition count as the assignments topic.");
  public static final ConfigKey<String> CU_GROUP_ID = ConfigKey.string(
      "vowstream.cu.group.id", "vowstream-cu", "Consumer group of the CU instances reading the assignments topic.");
  public static final ConfigKey<String> CU_TRANSACTIONAL_ID = ConfigKey.string(
      "vowstream.cu.transactional.id", "vowstream-cu-0",
      "Transactional id of this CU instance; unique per instance and stable across its restarts, so a restart aborts the crashed instance's open transaction at once.");
  public static final ConfigKey<Integer> CU_TRANSACTION_MAX_RECORDS = ConfigKey.positiveInt(
      "vowstream.cu.transaction.max.records", 500,
      "Most assignments folded in one Kafka transaction (larger amortises the per-transaction cost).");
  public static final ConfigKey<Integer> CU_TRANSACTION_LINGER_MS = new ConfigKey<>(
      "vowstream.cu.transaction.linger.ms", "int", "10",
      "How long (ms) a partly filled transaction waits for more assignments before it commits.", List.of(),
      VowstreamConfig::parseNonNegativeInt);
  public static final ConfigKey<Integer> CU_CHECKPOINT_INTERVAL = ConfigKey.positiveInt(
      "vowstream.cu.checkpoint.interval", 100,
      "A process's state is checkpointed once this many of its items were evaluated since the last checkpoint; a restore replays at most about this many items per process.");
  public static final ConfigKey<Boolean> CU_VERIFY_SIGNATURES = new ConfigKey<>(
      "vowstream.cu.verify.signatures", "boolean", "true",
      "Whether the CU verifies each assignment's signature (a bad one halts the process as BAD_SIGNATURE); hash chain and nonces are always checked.",
      List.of(), VowstreamConfig::parseBoolean);
  public static final ConfigKey<Integer> CU_HTTP_PORT = ConfigKey.port(
      "vowstream.cu.http.port", 8084, "Port of the CU's HTTP API (results, state, dry-run), /metrics and /health (0 = any free port).");
  public static final ConfigKey<String> CU_HTTP_HOST = ConfigKey.string(
      "vowstream.cu.http.host", "127.0.0.1", "Address the CU's HTTP server binds to.");
  public static final ConfigKey<Integer> CU_RESULT_WAIT_MS = new ConfigKey<>(
      "vowstream.cu.result.wait.ms", "int", "30000",
      "How long (ms) GET /result/{messageId} waits for a result that is not committed yet before it answers 404.", List.of(),
      VowstreamConfig::parseNonNegativeInt);

  // ---- messenger unit --------------------------------------------------------------------------

  public static final ConfigKey<Integer> MU_HTTP_PORT = ConfigKey.port(
      "vowstream.mu.http.port", 8085,
      "Port of the MU's HTTP API (POST / for raw ANS-104 items, GET /trace/{id}), /metrics and /health (0 = any free port).");
  public static final ConfigKey<String> MU_HTTP_HOST = ConfigKey.string(
      "vowstream.mu.http.host", "127.0.0.1", "Address the MU's HTTP server binds to.");
  public static final ConfigKey<String> MU_KEY_FILE = ConfigKey.string(
      "vowstream.mu.key.file", null,
      "JSON Web Key the MU signs pushed items with. Unset: the shared vowstream.key.file (or <data dir>/unit-key.json).");
  public static final ConfigKey<Integer> MU_MAX_ITEM_BYTES = ConfigKey.positiveInt(
      "vowstream.mu.max.item.bytes", 786432,
      "Largest accepted item in bytes (the ingress record value, or the POST body); larger ones are rejected as ITEM_TOO_LARGE. "
          + "The default leaves room below Kafka's 1 MiB record limit for the assignment the SU wraps around the item.");
  public static final ConfigKey<Integer> MU_DIRECTORY_WAIT_MS = new ConfigKey<>(
      "vowstream.mu.directory.wait.ms", "int", "10000",
      "How long (ms) the MU waits for its process directory to learn a process it needs (the target of a From-Process "
          + "message, the source of a result) before it rejects the item (UNKNOWN_TARGET) or cranks without From-Module.",
      List.of(), VowstreamConfig::parseNonNegativeInt);
  public static final ConfigKey<String> MU_INGRESS_STATE_TOPIC = ConfigKey.topic(
      "vowstream.mu.ingress.state.topic", "vowstream.mu.ingress.state",
      "Compacted state topic of the MU's ingress stage (same partition count as the ingress topic; the stage keeps no state today).");
  public static final ConfigKey<String> MU_CRANK_STATE_TOPIC = ConfigKey.topic(
      "vowstream.mu.crank.state.topic", "vowstream.mu.crank.state",
      "Compacted state topic of the MU's cranking stage (same partition count as the results topic): remembers processes cranked without a known Module.");
  public static final ConfigKey<String> MU_INGRESS_GROUP_ID = ConfigKey.string(
      "vowstream.mu.ingress.group.id", "vowstream-mu-ingress", "Consumer group of the MU instances reading the ingress topic.");
  public static final ConfigKey<String> MU_CRANK_GROUP_ID = ConfigKey.string(
      "vowstream.mu.crank.group.id", "vowstream-mu-crank", "Consumer group of the MU instances reading the results topic.");
  public static final ConfigKey<String> MU_INGRESS_TRANSACTIONAL_ID = ConfigKey.string(
      "vowstream.mu.ingress.transactional.id", "vowstream-mu-ingress-0",
      "Transactional id of this MU instance's ingress stage; unique per instance, stable across its restarts.");
  public static final ConfigKey<String> MU_CRANK_TRANSACTIONAL_ID = ConfigKey.string(
      "vowstream.mu.crank.transactional.id", "vowstream-mu-crank-0",
      "Transactional id of this MU instance's cranking stage; unique per instance, stable across its restarts.");
  public static final ConfigKey<Integer> MU_TRANSACTION_MAX_RECORDS = ConfigKey.positiveInt(
      "vowstream.mu.transaction.max.records", 500,
      "Most input records (ingress items or results) handled in one Kafka transaction of either MU stage.");
  public static final ConfigKey<Integer> MU_TRANSACTION_LINGER_MS = new ConfigKey<>(
      "vowstream.mu.transaction.linger.ms", "int", "10",
      "How long (ms) a partly filled MU transaction waits for more input before it commits.", List.of(),
      VowstreamConfig::parseNonNegativeInt);
  public static final ConfigKey<Integer> MU_TRACE_MAX_MESSAGES = ConfigKey.positiveInt(
      "vowstream.mu.trace.max.messages", 100000,
      "How many message ids the in-memory trace keeps (the least recently touched are forgotten first).");

  /** Every key, in documentation order. */
  public static final List<ConfigKey<?>> KEYS = List.of(
      KAFKA_BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, DATA_DIR, EMBEDDED_KAFKA_PORT, EMBEDDED_REGISTRY_PORT, RUN_DEMO,
      SCHEMAS_TOPIC, TOPIC_INGRESS, TOPIC_SCHEDULE, TOPIC_ASSIGNMENTS, TOPIC_RESULTS, TOPIC_REJECTED,
      TOPIC_PARTITIONS, KEY_FILE, SU_STATE_TOPIC, SU_GROUP_ID, SU_TRANSACTIONAL_ID, SU_TRANSACTION_MAX_RECORDS,
      SU_TRANSACTION_LINGER_MS, SU_HTTP_PORT, SU_HTTP_HOST, SU_VERIFY_SIGNATURES, SU_BLOCK_HEIGHT, SU_VARIANT,
      SU_MAX_ITEM_BYTES,
      CU_STATE_TOPIC, CU_GROUP_ID, CU_TRANSACTIONAL_ID, CU_TRANSACTION_MAX_RECORDS, CU_TRANSACTION_LINGER_MS,
      CU_CHECKPOINT_INTERVAL, CU_VERIFY_SIGNATURES, CU_HTTP_PORT, CU_HTTP_HOST, CU_RESULT_WAIT_MS,
      MU_HTTP_PORT, MU_HTTP_HOST, MU_KEY_FILE, MU_MAX_ITEM_BYTES, MU_DIRECTORY_WAIT_MS, MU_INGRESS_STATE_TOPIC,
      MU_CRANK_STATE_TOPIC, MU_INGRESS_GROUP_ID, MU_CRANK_GROUP_ID, MU_INGRESS_TRANSACTIONAL_ID, MU_CRANK_TRANSACTIONAL_ID,
      MU_TRANSACTION_MAX_RECORDS, MU_TRANSACTION_LINGER_MS, MU_TRACE_MAX_MESSAGES);

  private final Map<String, String> raw;
  private final Map<String, String> origin;

  private VowstreamConfig(Map<String, String> raw, Map<String, String> origin) {
    this.raw = Collections.unmodifiableMap(raw);
    this.origin = Collections.unmodifiableMap(origin);
    for (ConfigKey<?> key : KEYS) {
      String text = raw.get(key.name());
      if (text != null) {
        parse(key, text); // fail at start-up, naming the key and its source
      }
    }
  }

  /** Resolves from the real environment and system properties, an optional file and overrides. */
  public static VowstreamConfig load(@Nullable Path file, Map<String, String> overrides) {
    return resolve(overrides, System.getProperties(), System.getenv(), file);
  }

  /** Resolves from explicit sources (strongest first), for tests and embedding. */
  public static VowstreamConfig resolve(
      Map<String, String> overrides, Properties systemProperties, Map<String, String> env, @Nullable Path file) {
    Map<String, String> raw = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    if (file != null) {
      Properties fromFile = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        fromFile.load(r);
      } catch (IOException e) {
        throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
      }
      fromFile.stringPropertyNames().stream().filter(VowstreamConfig::isVowstreamKey)
          .forEach(k -> put(raw, origin, k, fromFile.getProperty(k), "file " + file));
    }
    for (ConfigKey<?> key : KEYS) {
      for (String alias : key.envAliases()) {
        if (env.get(alias) != null && !env.get(alias).isBlank()) {
          put(raw, origin, key.name(), env.get(alias), "environment " + alias);
        }
      }
      String derived = env.get(key.envName());
      if (derived != null && !derived.isBlank()) {
        put(raw, origin, key.name(), derived, "environment " + key.envName());
      }
    }
    systemProperties.stringPropertyNames().stream().filter(VowstreamConfig::isVowstreamKey)
        .forEach(k -> put(raw, origin, k, systemProperties.getProperty(k), "system property"));
    overrides.forEach((k, v) -> put(raw, origin, k, v, "override"));
    for (String k : raw.keySet()) {
      if (!k.startsWith(KAFKA_CLIENT_PREFIX) && !k.startsWith(REGISTRY_CLIENT_PREFIX)
          && KEYS.stream().noneMatch(key -> key.name().equals(k))) {
        throw new ConfigException("unknown configuration key '" + k + "' (from " + origin.get(k)
            + "); the keys are listed in the README's configuration table");
      }
    }
    return new VowstreamConfig(raw, origin);
  }

  private static int parseNonNegativeInt(String s) {
    int v = Integer.parseInt(s.trim());
    if (v < 0) {
      throw new IllegalArgumentException("must not be negative");
    }
    return v;
  }

  private static boolean parseBoolean(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  private static boolean isVowstreamKey(String k) {
    return k.startsWith("vowstream.") && !k.startsWith("vowstream.test.");
  }

  private static void put(Map<String, String> raw, Map<String, String> origin, String k, String v, String from) {
    raw.put(k, v.trim());
    origin.put(k, from);
  }

  /** The value of a key, or its default; empty when it has neither. */
  public <T> Optional<T> get(ConfigKey<T> key) {
    String text = raw.get(key.name());
    if (text == null || text.isEmpty()) {
      text = key.defaultValue();
    }
    return text == null ? Optional.empty() : Optional.of(parse(key, text));
  }

  /** The value of a key that has a default. */
  public <T> T require(ConfigKey<T> key) {
    return get(key).orElseThrow(() -> new ConfigException("configuration key '" + key.name() + "' is not set"));
  }

  /** Whether the key was set by any source (not just defaulted). */
  public boolean isSet(ConfigKey<?> key) {
    String text = raw.get(key.name());
    return text != null && !text.isEmpty();
  }

  /** The Kafka bootstrap servers; {@code unit} (e.g. "the compute unit") is named when they are missing. */
  public String requireBootstrapServers(String unit) {
    return get(KAFKA_BOOTSTRAP_SERVERS).orElseThrow(() -> new ConfigException(
        unit + " needs " + KAFKA_BOOTSTRAP_SERVERS.name() + " (or KAFKA_BOOTSTRAP_SERVERS)"));
  }

  /** The schema registry URL; {@code unit} is named when it is missing. */
  public String requireSchemaRegistryUrl(String unit) {
    return get(SCHEMA_REGISTRY_URL).orElseThrow(() -> new ConfigException(
        unit + " needs " + SCHEMA_REGISTRY_URL.name() + " (or SCHEMA_REGISTRY_URL)"));
  }

  /** {@link #kafkaClientProperties()} with {@code bootstrapServers}: what an admin client or reader needs. */
  public Map<String, Object> kafkaClientProperties(String bootstrapServers) {
    Map<String, Object> out = new java.util.HashMap<>(kafkaClientProperties());
    out.put("bootstrap.servers", bootstrapServers);
    return out;
  }

  /**
   * Where a unit's signing key lives: the first of {@code files} that is set, else {@code <data
   * dir>/unit-key.json}.
   */
  @SafeVarargs
  public final Path unitKeyFile(ConfigKey<String>... files) {
    for (ConfigKey<String> f : files) {
      Optional<String> set = get(f);
      if (set.isPresent()) {
        return Path.of(set.get());
      }
    }
    return Path.of(require(DATA_DIR), "unit-key.json");
  }

  /** Kafka client settings given with {@link #KAFKA_CLIENT_PREFIX}, prefix removed (security, SASL, TLS). */
  public Map<String, Object> kafkaClientProperties() {
    return stripped(KAFKA_CLIENT_PREFIX);
  }

  /** Schema registry client settings given with {@link #REGISTRY_CLIENT_PREFIX}, prefix removed. */
  public Map<String, Object> registryClientProperties() {
    return stripped(REGISTRY_CLIENT_PREFIX);
  }

  private Map<String, Object> stripped(String prefix) {
    Map<String, Object> out = new TreeMap<>();
    raw.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** A copy with more overrides applied (e.g. the address of a broker the launcher started). */
  public VowstreamConfig with(ConfigKey<?> key, String value) {
    Map<String, String> raw2 = new LinkedHashMap<>(raw);
    Map<String, String> origin2 = new LinkedHashMap<>(origin);
    put(raw2, origin2, key.name(), value, "override");
    return new VowstreamConfig(raw2, origin2);
  }

  private <T> T parse(ConfigKey<T> key, String text) {
    try {
      return key.parser().apply(text);
    } catch (RuntimeException e) {
      String from = origin.getOrDefault(key.name(), "default");
      throw new ConfigException("invalid value '" + text + "' for " + key.name() + " (from " + from + "): "
          + e.getMessage(), e);
    }
  }

  /** The configuration table of the README, generated from {@link #KEYS}. */
  public static String markdownTable() {
    List<String> rows = new ArrayList<>();
    rows.add("| key | environment | type | default | meaning |");
    rows.add("|---|---|---|---|---|");
    for (ConfigKey<?> k : KEYS) {
      List<String> envs = new ArrayList<>(k.envAliases());
      envs.add(k.envName());
      rows.add("| `" + k.name() + "` | " + String.join(", ", envs.stream().map(e -> "`" + e + "`").toList())
          + " | " + k.type() + " | " + (k.defaultValue() == null ? "(unset)" : "`" + k.defaultValue() + "`")
          + " | " + k.doc() + " |");
    }
    rows.add("| `" + KAFKA_CLIENT_PREFIX + "*` | | | | Passed to every Kafka client without the prefix (TLS, SASL, ...). |");
    rows.add("| `" + REGISTRY_CLIENT_PREFIX + "*` | | | | Passed to the schema registry client without the prefix (e.g. `basic.auth.user.info`). |");
    return String.join("\n", rows) + "\n";
  }
}
