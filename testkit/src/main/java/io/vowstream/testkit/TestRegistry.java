package io.vowstream.testkit;

import io.vowstream.registry.SchemaRegistryServer;
import org.jspecify.annotations.Nullable;

/**
 * The schema registry of this test JVM: the URL in the system property {@value #URL_PROPERTY} or
 * the environment variable {@value #URL_ENV} if set, else an embedded {@link SchemaRegistryServer}
 * on the {@link TestKafka} broker, started on first use and closed when the JVM exits.
 */
public final class TestRegistry {
  /** Environment variable naming an existing Confluent-compatible registry. */
  public static final String URL_ENV = "SCHEMA_REGISTRY_URL";
  /** System property naming an existing Confluent-compatible registry. */
  public static final String URL_PROPERTY = "vowstream.test.registry.url";

  private static @Nullable String url;
  private static @Nullable SchemaRegistryServer server;

  private TestRegistry() {}

  /** The registry's base URL, e.g. {@code http://127.0.0.1:40213}. */
  public static synchronized String url() {
    if (url != null) {
      return url;
    }
    String configured = System.getProperty(URL_PROPERTY, System.getenv(URL_ENV));
    if (configured != null && !configured.isBlank()) {
      url = configured.trim();
      return url;
    }
    SchemaRegistryServer started = startServer(TestKafka.bootstrapServers(), "_schemas");
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-registry-stop"));
    server = started;
    url = started.url().toString();
    return url;
  }

  /**
   * Starts another registry instance on the shared broker, for tests of restarts and of several
   * instances; the caller closes it.
   */
  public static SchemaRegistryServer startServer(String bootstrapServers, String topic) {
    return SchemaRegistryServer.builder().bootstrapServers(bootstrapServers).topic(topic).port(0).start();
  }
}
