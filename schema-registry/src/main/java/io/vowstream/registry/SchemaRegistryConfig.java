package io.vowstream.registry;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of the schema registry, defined once with its default and meaning. The
 * {@link SchemaRegistryServer.Builder} methods, {@link SchemaRegistryServer.Builder#configure} and
 * the command line of {@link SchemaRegistryServer#main} all read these.
 */
public final class SchemaRegistryConfig {

  private SchemaRegistryConfig() {}

  /**
   * One setting.
   *
   * @param name the key in a configuration map
   * @param flag the command-line option
   * @param defaultValue the value when unset; null when the setting is required
   * @param doc what it means
   */
  public record Key(String name, String flag, @Nullable String defaultValue, String doc) {}

  /** Prefix for settings passed to the Kafka clients as they are (security, timeouts). */
  public static final String KAFKA_PREFIX = "kafka.";

  public static final Key BOOTSTRAP_SERVERS = new Key("bootstrap.servers", "--bootstrap-servers",
      null, "Kafka bootstrap servers holding the schema topic. Required.");

  public static final Key TOPIC = new Key("schema.registry.topic", "--topic", "_schemas",
      "Compacted, single-partition topic storing the registry's command log; created when"
          + " absent. Instances sharing it share ids and versions.");

  public static final Key HOST = new Key("schema.registry.host", "--host", "127.0.0.1",
      "Address the HTTP server binds to.");

  public static final Key PORT = new Key("schema.registry.port", "--port", "8081",
      "HTTP port; 0 picks any free port (read it back from url()).");

  public static final Key REQUEST_TIMEOUT_MS = new Key("schema.registry.request.timeout.ms",
      "--request-timeout-ms", "30000",
      "Longest a request waits for Kafka (write acknowledged and applied, or catch-up) before"
          + " failing with error code 50002.");

  public static final Key REQUEST_THREADS = new Key("schema.registry.request.threads",
      "--request-threads", "8", "Threads serving requests; each may block on Kafka.");

  /** All settings, in documentation order. */
  public static List<Key> keys() {
    return List.of(BOOTSTRAP_SERVERS, TOPIC, HOST, PORT, REQUEST_TIMEOUT_MS, REQUEST_THREADS);
  }

  /** The setting with this name, if any. */
  public static Optional<Key> byName(String name) {
    return keys().stream().filter(k -> k.name().equals(name)).findFirst();
  }

  /** The setting with this command-line option, if any. */
  public static Optional<Key> byFlag(String flag) {
    return keys().stream().filter(k -> k.flag().equals(flag)).findFirst();
  }
}
