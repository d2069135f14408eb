package io.vowstream.localkafka;

import io.vowstream.localkafka.internal.BrokerMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

/**
 * A single-node KRaft Kafka broker running as its own OS process on loopback.
 *
 * <pre>{@code
 * try (LocalKafkaBroker broker = LocalKafkaBroker.builder().start()) {
 *   String bootstrap = broker.bootstrapServers();   // e.g. 127.0.0.1:40123
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the process by its PID (SIGTERM, then SIGKILL after a grace period)
 * and deletes the data directory when it was a temporary one. If the JVM that started the broker
 * dies without closing it, the broker notices that its standard input closed and stops itself.
 */
public final class LocalKafkaBroker implements AutoCloseable {
  private static final String CLASSPATH_RESOURCE = "broker.classpath";
  private static final String LOG4J_RESOURCE = "log4j2.properties";
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Process process;
  private final String bootstrapServers;
  private final Path workDir;
  private final boolean deleteOnClose;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private LocalKafkaBroker(Process process, String bootstrapServers, Path workDir, boolean deleteOnClose) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.workDir = workDir;
    this.deleteOnClose = deleteOnClose;
    this.shutdownHook = new Thread(this::stopProcess, "local-kafka-stop");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code host:port} of the PLAINTEXT listener. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The broker's process id. */
  public long pid() {
    return process.pid();
  }

  /** Where the broker keeps its data, configuration and {@code broker.log}. */
  public Path workDir() {
    return workDir;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or will run; stopping twice is harmless.
    }
    stopProcess();
    if (deleteOnClose) {
      deleteRecursively(workDir);
    }
  }

  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM to this PID: Kafka shuts down cleanly.
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Configures and starts a {@link LocalKafkaBroker}. */
  public static final class Builder {
    private @Nullable Path workDir;
    private int port;
    private Duration startTimeout = Duration.ofSeconds(120);
    private List<String> jvmOptions = List.of("-Xms256m", "-Xmx1g");
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private @Nullable Path javaExecutable;

    private Builder() {}

    /**
     * Keeps data in this directory (created if needed) and keeps it after {@link #close()}, so
     * topics survive a restart. Without it a temporary directory is used and deleted on close.
     */
    public Builder workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /** The PLAINTEXT port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** How long to wait for the broker to answer before giving up (default 120 s). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Options for the broker JVM (default {@code -Xms256m -Xmx1g}). */
    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /** The {@code java} to run the broker with (default: the one running this JVM). */
    public Builder javaExecutable(Path java) {
      this.javaExecutable = java;
      return this;
    }

    /** Sets or overrides one line of the broker's {@code server.properties}. */
    public Builder brokerProperty(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /**
     * Formats (on first use of the directory), launches and waits for the broker.
     *
     * @throws LocalKafkaException with the tail of the broker's log when it cannot start
     */
    public LocalKafkaBroker start() {
      boolean temporary = workDir == null;
      Path dir;
      try {
        dir = temporary ? Files.createTempDirectory("vowstream-kafka-") : Files.createDirectories(workDir);
      } catch (IOException e) {
        throw new LocalKafkaException("cannot create the broker directory: " + e.getMessage(), e);
      }
      Path dataDir = dir.resolve("data");
      int brokerPort = port != 0 ? port : freePort();
      requirePortFree(brokerPort);
      int controllerPort = freePort();
      String clusterId = readOrCreateClusterId(dir);

      Properties props = new Properties();
      props.putAll(defaults(brokerPort, controllerPort, dataDir));
      props.putAll(overrides);
      Path propsFile = dir.resolve("server.properties");
      Path log4j = dir.resolve(LOG4J_RESOURCE);
      Path logFile = dir.resolve("broker.log");
      try {
        try (var out = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
          props.store(out, "written by vowstream LocalKafkaBroker");
        }
        try (InputStream in = resource(LOG4J_RESOURCE)) {
          Files.copy(in, log4j, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new LocalKafkaException("cannot write the broker configuration in " + dir + ": " + e.getMessage(), e);
      }

      List<String> command = new ArrayList<>();
      command.add(java().toString());
      command.addAll(jvmOptions);
      command.add("-Dlog4j2.configurationFile=" + log4j.toUri());
      command.add("-cp");
      command.add(brokerClasspath());
      command.add(BrokerMain.class.getName());
      command.add(propsFile.toString());
      command.add(clusterId);
      command.add(dataDir.toString());

      Process process;
      try {
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start(); // stdin stays a pipe: the broker's watchdog waits on it.
      } catch (IOException e) {
        throw new LocalKafkaException("cannot launch " + command.getFirst() + ": " + e.getMessage(), e);
      }
      String bootstrap = "127.0.0.1:" + brokerPort;
      LocalKafkaBroker broker = new LocalKafkaBroker(process, bootstrap, dir, temporary);
      Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
      try {
        awaitReady(process, bootstrap, logFile);
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
      return broker;
    }

    private void awaitReady(Process process, String bootstrap, Path logFile) {
      long deadline = System.nanoTime() + startTimeout.toNanos();
      Map<String, Object> config = Map.of(
          AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
          AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
      try (Admin admin = Admin.create(config)) {
        while (true) {
          if (!process.isAlive()) {
            throw new LocalKafkaException("the Kafka broker exited with code " + process.exitValue()
                + " before it was ready; last lines of " + logFile + ":\n" + tail(logFile, 40));
          }
          try {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return;
          } catch (ExecutionException | TimeoutException notYet) {
            // The broker is still starting.
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while waiting for the Kafka broker", e);
          }
          if (System.nanoTime() > deadline) {
            throw new LocalKafkaException("the Kafka broker at " + bootstrap + " did not answer within "
                + startTimeout.toSeconds() + " s; last lines of " + logFile + ":\n" + tail(logFile, 40));
          }
          sleep(200);
        }
      }
    }

    private Path java() {
      return javaExecutable != null ? javaExecutable : Path.of(System.getProperty("java.home"), "bin", "java");
    }
  }

  private static Map<String, String> defaults(int port, int controllerPort, Path dataDir) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("log.dirs", dataDir.toString());
    p.put("num.partitions", "1");
    // One node: every internal topic has one replica; few partitions keep start-up fast.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    return p;
  }

  /** Reuses the cluster id of a directory formatted before, so a persistent broker restarts. */
  private static String readOrCreateClusterId(Path dir) {
    Path idFile = dir.resolve("cluster.id");
    try {
      if (Files.exists(idFile)) {
        return Files.readString(idFile).trim();
      }
      String id = Uuid.randomUuid().toString();
      Files.writeString(idFile, id);
      return id;
    } catch (IOException e) {
      throw new LocalKafkaException("cannot read or write " + idFile + ": " + e.getMessage(), e);
    }
  }

  private static String brokerClasspath() {
    String listed;
    try (InputStream in = resource(CLASSPATH_RESOURCE)) {
      listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> entries = new ArrayList<>(Arrays.asList(listed.split(java.io.File.pathSeparator)));
    List<String> missing = entries.stream().filter(e -> !Files.exists(Path.of(e))).toList();
    if (!missing.isEmpty()) {
      throw new LocalKafkaException("the Kafka broker jars are missing from the local Maven repository ("
          + missing.size() + " of " + entries.size() + ", e.g. " + missing.getFirst()
          + "); build once with ./mvnw install -DskipTests to download them");
    }
    entries.add(ownLocation());
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** The jar or classes directory holding {@link BrokerMain}, which the broker JVM runs. */
  private static String ownLocation() {
    try {
      return Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new LocalKafkaException("cannot locate the local-kafka classes: " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = LocalKafkaBroker.class.getResourceAsStream(name);
    if (in == null) {
      throw new LocalKafkaException("resource " + name + " is missing next to " + LocalKafkaBroker.class.getName()
          + "; the local-kafka module was not built by Maven");
    }
    return in;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LocalKafkaException("no free port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  private static void requirePortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new LocalKafkaException("port " + port + " on 127.0.0.1 is in use; is another broker running? "
          + "Choose another port or stop that process", e);
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalKafkaException("interrupted while waiting for the Kafka broker", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover temporary directory is not worth failing a close.
    }
  }
}
