package io.vowstream.registry;

import io.vowstream.registry.internal.CommandLog;
import io.vowstream.registry.internal.HttpFrontEnd;
import io.vowstream.registry.internal.KafkaCommandLog;
import io.vowstream.registry.internal.RegistryApi;
import io.vowstream.registry.internal.RegistryError;
import io.vowstream.registry.internal.RegistryService;
import io.vowstream.registry.internal.RegistryState;
import io.vowstream.registry.internal.Replica;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running schema registry that serves the Confluent Schema Registry REST API (Avro schemas)
 * and keeps everything in a Kafka topic.
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry = SchemaRegistryServer.builder()
 *     .bootstrapServers("localhost:9092").port(0).start()) {
 *   String url = registry.url(); // hand to any Confluent-API client
 * }
 * }</pre>
 *
 * <p>The topic is a log of commands (register, delete, set level). Every instance replays it from
 * the start and applies it in order with the same deterministic rules, so ids survive restarts and
 * any number of instances on one cluster agree on every id and version; a request to one instance
 * is visible on all others as soon as it was answered. Closing releases the port, the threads and
 * the Kafka clients.
 */
public final class SchemaRegistryServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);

  private final String url;
  private final String logName;
  private final HttpFrontEnd http;
  private final Replica replica;
  private final @Nullable CommandLog ownedLog;
  private boolean closed;

  private SchemaRegistryServer(String url, String logName, HttpFrontEnd http, Replica replica,
      @Nullable CommandLog ownedLog) {
    this.url = url;
    this.logName = logName;
    this.http = http;
    this.replica = replica;
    this.ownedLog = ownedLog;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where clients reach it, such as {@code http://127.0.0.1:8081}. */
  public String url() {
    return url;
  }

  /** The bound HTTP port. */
  public int port() {
    return http.port();
  }

  /** Stops serving and releases the port, threads and Kafka clients. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      http.close();
    } finally {
      try {
        replica.close();
      } finally {
        if (ownedLog != null) {
          ownedLog.close();
        }
      }
    }
    LOG.info("Schema registry at {} stopped", url);
  }

  @Override
  public String toString() {
    return "SchemaRegistryServer[" + url + ", " + logName + "]";
  }

  /**
   * Runs a registry as its own process until it is killed. Options: {@code --bootstrap-servers},
   * {@code --topic}, {@code --host}, {@code --port}, {@code --request-timeout-ms},
   * {@code --request-threads}, and {@code --kafka-property key=value} (repeatable); each also
   * accepted as {@code --option=value}.
   */
  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      printUsage(System.out);
      return;
    }
    Builder builder;
    try {
      builder = parseArguments(args);
    } catch (IllegalArgumentException e) {
      System.err.println("schema-registry: " + e.getMessage());
      printUsage(System.err);
      System.exit(2);
      return;
    }
    SchemaRegistryServer server = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "vowstream-registry-shutdown"));
    System.out.println("Schema registry listening on " + server.url());
    System.out.flush();
    stopped.await();
  }

  static Builder parseArguments(String[] args) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String option = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        option = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      boolean known = option.equals("--kafka-property")
          || SchemaRegistryConfig.byFlag(option).isPresent();
      if (!known) {
        throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + option + " needs a value");
        }
        value = args[++i];
      }
      if (option.equals("--kafka-property")) {
        int kv = value.indexOf('=');
        if (kv <= 0) {
          throw new IllegalArgumentException("--kafka-property needs key=value, got '" + value + "'");
        }
        settings.put(SchemaRegistryConfig.KAFKA_PREFIX + value.substring(0, kv),
            value.substring(kv + 1));
      } else {
        settings.put(SchemaRegistryConfig.byFlag(option).orElseThrow().name(), value);
      }
    }
    return builder().configure(settings);
  }

  private static void printUsage(PrintStream out) {
    out.println("usage: schema-registry --bootstrap-servers HOST:PORT [options]");
    for (SchemaRegistryConfig.Key key : SchemaRegistryConfig.keys()) {
      out.printf("  %-22s %s%s%n", key.flag(), key.doc(),
          key.defaultValue() == null ? "" : " Default: " + key.defaultValue() + ".");
    }
    out.printf("  %-22s %s%n", "--kafka-property", "key=value passed to the Kafka clients; repeatable.");
  }

  /** Configures and starts a {@link SchemaRegistryServer}; defaults are in {@link SchemaRegistryConfig}. */
  public static final class Builder {
    private @Nullable String bootstrapServers;
    private String topic = Objects.requireNonNull(SchemaRegistryConfig.TOPIC.defaultValue());
    private String host = Objects.requireNonNull(SchemaRegistryConfig.HOST.defaultValue());
    private int port = Integer.parseInt(Objects.requireNonNull(SchemaRegistryConfig.PORT.defaultValue()));
    private Duration requestTimeout = Duration.ofMillis(Long.parseLong(
        Objects.requireNonNull(SchemaRegistryConfig.REQUEST_TIMEOUT_MS.defaultValue())));
    private int requestThreads = Integer.parseInt(
        Objects.requireNonNull(SchemaRegistryConfig.REQUEST_THREADS.defaultValue()));
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    private @Nullable CommandLog commandLog;
    private Supplier<UUID> commandIds = UUID::randomUUID;

    private Builder() {}

    /** The Kafka cluster holding the topic. Required. */
    public Builder bootstrapServers(String bootstrapServers) {
      if (bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("bootstrapServers must not be blank");
      }
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /** The schema topic; default {@code _schemas}. */
    public Builder topic(String topic) {
      if (topic.isBlank()) {
        throw new IllegalArgumentException("topic must not be blank");
      }
      this.topic = topic;
      return this;
    }

    /** The address to bind; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /** The HTTP port, 0 for any free one; default 8081. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** A setting for every Kafka client the registry creates (security protocol, SASL, ...). */
    public Builder kafkaProperty(String name, Object value) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("Kafka property name must not be blank");
      }
      kafkaProperties.put(name, value);
      return this;
    }

    /** The longest a request waits on Kafka before answering 50002; default 30 s. */
    public Builder requestTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive, got " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /** How many requests may be served (and block on Kafka) at once; default 8. */
    public Builder requestThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("requestThreads must be at least 1, got " + threads);
      }
      this.requestThreads = threads;
      return this;
    }

    /**
     * Applies settings by the names in {@link SchemaRegistryConfig}; names starting with
     * {@code kafka.} go to the Kafka clients without the prefix.
     *
     * @throws IllegalArgumentException naming the first unknown key or bad value
     */
    public Builder configure(Map<String, ?> settings) {
      for (Map.Entry<String, ?> e : settings.entrySet()) {
        String name = e.getKey();
        String value = String.valueOf(e.getValue());
        if (name.startsWith(SchemaRegistryConfig.KAFKA_PREFIX)) {
          kafkaProperty(name.substring(SchemaRegistryConfig.KAFKA_PREFIX.length()), e.getValue());
          continue;
        }
        SchemaRegistryConfig.Key key = SchemaRegistryConfig.byName(name).orElseThrow(
            () -> new IllegalArgumentException("unknown schema registry setting '" + name
                + "'; known: " + SchemaRegistryConfig.keys().stream()
                    .map(SchemaRegistryConfig.Key::name).toList()));
        try {
          if (key == SchemaRegistryConfig.BOOTSTRAP_SERVERS) {
            bootstrapServers(value);
          } else if (key == SchemaRegistryConfig.TOPIC) {
            topic(value);
          } else if (key == SchemaRegistryConfig.HOST) {
            host(value);
          } else if (key == SchemaRegistryConfig.PORT) {
            port(Integer.parseInt(value.trim()));
          } else if (key == SchemaRegistryConfig.REQUEST_TIMEOUT_MS) {
            requestTimeout(Duration.ofMillis(Long.parseLong(value.trim())));
          } else if (key == SchemaRegistryConfig.REQUEST_THREADS) {
            requestThreads(Integer.parseInt(value.trim()));
          }
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException("setting '" + name + "' needs a number, got '"
              + value + "'", ex);
        }
      }
      return this;
    }

    /** Test hook: store in this log instead of Kafka; the log is not closed with the server. */
    Builder commandLog(CommandLog log) {
      this.commandLog = log;
      return this;
    }

    /** Test hook: where command ids come from. */
    Builder commandIds(Supplier<UUID> ids) {
      this.commandIds = ids;
      return this;
    }

    /**
     * Opens the topic (creating it if absent), replays it, then starts serving.
     *
     * @throws IllegalStateException when no bootstrap servers were given, the topic cannot be
     *     prepared or replayed in time, or the port cannot be bound
     */
    public SchemaRegistryServer start() {
      CommandLog log = commandLog;
      CommandLog owned = null;
      if (log == null) {
        if (bootstrapServers == null) {
          throw new IllegalStateException("bootstrapServers is required to start the schema registry");
        }
        Map<String, Object> clientProps = new HashMap<>(kafkaProperties);
        clientProps.put("bootstrap.servers", bootstrapServers);
        log = KafkaCommandLog.open(topic, clientProps, startupTimeout());
        owned = log;
      }
      List<AutoCloseable> opened = new ArrayList<>();
      if (owned != null) {
        opened.add(owned);
      }
      try {
        Replica replica = new Replica(log, commandIds, "vowstream-registry-applier");
        opened.add(replica);
        replica.catchUp(startupTimeout());
        long replayed = replica.read(RegistryState::appliedCount);
        int schemas = replica.read(RegistryState::schemaCount);
        int subjects = replica.read(s -> s.liveSubjects().size());
        RegistryApi api = new RegistryApi(new RegistryService(replica, requestTimeout));
        HttpFrontEnd http = HttpFrontEnd.start(api, host, port, requestThreads);
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port();
        LOG.info("Schema registry listening on {} (store: {}; replayed {} commands: {} schemas,"
            + " {} live subjects)", url, log.describe(), replayed, schemas, subjects);
        return new SchemaRegistryServer(url, log.describe(), http, replica, owned);
      } catch (RuntimeException e) {
        for (AutoCloseable c : opened.reversed()) {
          try {
            c.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        if (e instanceof RegistryError.RegistryException r) {
          throw new IllegalStateException("Schema registry could not replay " + log.describe()
              + ": " + r.getMessage(), r);
        }
        throw e;
      }
    }

    private Duration startupTimeout() {
      Duration minimum = Duration.ofSeconds(60);
      return requestTimeout.compareTo(minimum) > 0 ? requestTimeout : minimum;
    }
  }
}
