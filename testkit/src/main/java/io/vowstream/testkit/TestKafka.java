package io.vowstream.testkit;

import io.vowstream.localkafka.LocalKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Kafka broker of this test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>Selection: {@value #BOOTSTRAP_ENV} if set; else Testcontainers when Docker answers; else a
 * {@link LocalKafkaBroker} process. A failure to start is remembered and re-thrown to every caller,
 * with the reason, so each test that needs Kafka fails rather than skips.
 */
public final class TestKafka {
  /** Environment variable naming an existing cluster to test against. */
  public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
  /** System property: seconds to wait for a broker to start (default 120). */
  public static final String TIMEOUT_PROPERTY = "vowstream.test.broker.timeout";
  /** System property: the Docker image Testcontainers runs (default {@value #DEFAULT_IMAGE}). */
  public static final String IMAGE_PROPERTY = "vowstream.test.kafka.image";
  /** System property: {@code false} skips the Docker probe and goes straight to a local broker. */
  public static final String DOCKER_PROPERTY = "vowstream.test.docker";

  static final String DEFAULT_IMAGE = "apache/kafka:4.1.1";
  private static final Logger log = LoggerFactory.getLogger(TestKafka.class);

  private static @Nullable Started started;
  private static @Nullable RuntimeException failure;

  private TestKafka() {}

  /** Bootstrap servers of the shared broker, starting it if needed. */
  public static String bootstrapServers() {
    return get().bootstrapServers();
  }

  /** Where the broker came from: {@code env}, {@code testcontainers} or {@code local-process}. */
  public static String source() {
    return get().source();
  }

  /** The local broker process when that path was taken, for tests that must know its PID. */
  public static @Nullable LocalKafkaBroker localBroker() {
    return get().local();
  }

  /** A new admin client for the shared broker; close it after use. */
  public static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** A topic name no other test uses, so tests do not see each other's records. */
  public static String uniqueTopic(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates the topics (1 partition each) unless they exist, and waits until they do. */
  public static void createTopics(String... names) {
    createTopics(1, Map.of(), names);
  }

  /** Creates the topics with {@code partitions} partitions and the given topic configs. */
  public static void createTopics(int partitions, Map<String, String> configs, String... names) {
    try (Admin admin = admin()) {
      List<NewTopic> topics = java.util.Arrays.stream(names)
          .map(n -> new NewTopic(n, partitions, (short) 1).configs(configs))
          .toList();
      try {
        admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topics " + List.of(names) + ": " + e.getCause(), e);
        }
      }
      Set<String> wanted = Set.of(names);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(wanted)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topics " + wanted + " did not appear within 60 s");
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create topics " + List.of(names) + ": " + e, e);
    }
  }

  /** Client properties that point at the shared broker. */
  public static Properties clientProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return p;
  }

  private static synchronized Started get() {
    if (started != null) {
      return started;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      started = start();
      log.info("Kafka for tests: {} from {}", started.bootstrapServers(), started.source());
      return started;
    } catch (RuntimeException e) {
      failure = new IllegalStateException("no Kafka broker for tests: " + e.getMessage(), e);
      throw failure;
    }
  }

  private static Started start() {
    String env = System.getenv(BOOTSTRAP_ENV);
    if (env != null && !env.isBlank()) {
      return new Started(env.trim(), "env", null);
    }
    Duration timeout = Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 120));
    String dockerReason = "disabled by -D" + DOCKER_PROPERTY + "=false";
    if (!"false".equals(System.getProperty(DOCKER_PROPERTY))) {
      dockerReason = Containers.dockerUnavailableReason();
      if (dockerReason == null) {
        String image = System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE);
        return new Started(Containers.startKafka(image, timeout), "testcontainers", null);
      }
    }
    log.info("No Docker engine ({}); starting a local Kafka broker process", dockerReason);
    LocalKafkaBroker broker = LocalKafkaBroker.builder().startTimeout(timeout).start();
    log.info("Local Kafka broker pid {} on {} (data in {})", broker.pid(), broker.bootstrapServers(), broker.workDir());
    return new Started(broker.bootstrapServers(), "local-process", broker);
  }

  private record Started(String bootstrapServers, String source, @Nullable LocalKafkaBroker local) {}

  /** Keeps Testcontainers classes out of reach until Docker is known to be wanted. */
  private static final class Containers {
    static @Nullable String dockerUnavailableReason() {
      try {
        return org.testcontainers.DockerClientFactory.instance().isDockerAvailable() ? null : "no Docker environment found";
      } catch (RuntimeException | LinkageError e) {
        return e.toString();
      }
    }

    static String startKafka(String image, Duration timeout) {
      var container = new org.testcontainers.kafka.KafkaContainer(image).withStartupTimeout(timeout);
      container.start();
      // Testcontainers' Ryuk reaper removes the container when this JVM exits.
      return container.getBootstrapServers();
    }
  }
}
