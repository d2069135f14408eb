package io.vowstream.launcher;

import io.vowstream.dataitem.KeyFiles;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.localkafka.LocalKafkaBroker;
import io.vowstream.registry.SchemaRegistryServer;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.runtime.kafka.Topics;
import io.vowstream.compute.ComputeUnit;
import io.vowstream.compute.ModuleRegistry;
import io.vowstream.messenger.MessengerUnit;
import io.vowstream.scheduler.SchedulerUnit;
import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import java.time.Clock;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jspecify.annotations.Nullable;

/** {@code vowstream run}: brings up the infrastructure (embedded or configured) and waits. */
final class RunCommand {
  private final VowstreamConfig initial;
  private final PrintStream out;
  private final @Nullable CountDownLatch externalStop;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private volatile boolean failed;

  RunCommand(VowstreamConfig config, PrintStream out, @Nullable CountDownLatch stop) {
    this.initial = config;
    this.out = out;
    this.externalStop = stop;
  }

  int call() {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopAll();
      stopped.countDown();
    }, "vowstream-stop");
    if (externalStop == null) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      VowstreamConfig config = start();
      out.println();
      out.println("Ready. Kafka: " + config.require(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS)
          + "  Schema registry: " + config.require(VowstreamConfig.SCHEMA_REGISTRY_URL));
      out.println(externalStop == null ? "Press Ctrl-C to stop." : "Running until stopped.");
      out.flush();
      if (externalStop != null) {
        externalStop.await();
        stopAll();
        return failed ? 1 : 0;
      } else {
        stopped.await(); // the shutdown hook stops everything on Ctrl-C
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopAll();
      return 1;
    } catch (RuntimeException e) {
      stopAll();
      throw e;
    }
  }

  private VowstreamConfig start() {
    VowstreamConfig config = initial;
    boolean embeddedKafka = !config.isSet(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS);
    boolean embeddedRegistry = !config.isSet(VowstreamConfig.SCHEMA_REGISTRY_URL);
    Path dataDir = Path.of(config.require(VowstreamConfig.DATA_DIR));
    Progress progress = new Progress(out, 7, System.console() != null);
    out.println("Vowstream " + version() + (embeddedKafka ? " (embedded infrastructure in " + dataDir.toAbsolutePath() + ")" : ""));

    if (embeddedKafka) {
      int port = config.require(VowstreamConfig.EMBEDDED_KAFKA_PORT);
      LocalKafkaBroker broker = progress.step("Kafka broker (embedded, KRaft)", () -> LocalKafkaBroker.builder()
          .workDir(dataDir.resolve("kafka")).port(port).start(),
          b -> "listening on " + b.bootstrapServers() + " (pid " + b.pid() + ", log " + b.workDir().resolve("broker.log") + ")");
      started.push(broker);
      config = config.with(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
    } else {
      progress.given("Kafka broker", "using " + config.require(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS));
    }
    String bootstrap = config.require(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS);

    if (embeddedRegistry) {
      int port = config.require(VowstreamConfig.EMBEDDED_REGISTRY_PORT);
      String topic = config.require(VowstreamConfig.SCHEMAS_TOPIC);
      Map<String, Object> clientProps = config.kafkaClientProperties();
      SchemaRegistryServer registry = progress.step("Schema registry (embedded)", () -> {
        var builder = SchemaRegistryServer.builder().bootstrapServers(bootstrap).topic(topic).port(port);
        clientProps.forEach(builder::kafkaProperty);
        return builder.start();
      }, r -> "serving the Confluent API at " + r.url() + " (topic " + topic + ")");
      started.push(registry);
      config = config.with(VowstreamConfig.SCHEMA_REGISTRY_URL, registry.url().toString());
    } else {
      progress.given("Schema registry", "using " + config.require(VowstreamConfig.SCHEMA_REGISTRY_URL));
    }

    int partitions = config.require(VowstreamConfig.TOPIC_PARTITIONS);
    List<Topics.Spec> specs = List.of(
        new Topics.Spec(config.require(VowstreamConfig.TOPIC_INGRESS), partitions, Map.of()),
        new Topics.Spec(config.require(VowstreamConfig.TOPIC_SCHEDULE), partitions, Map.of()),
        new Topics.Spec(config.require(VowstreamConfig.TOPIC_ASSIGNMENTS), partitions, Map.of()),
        new Topics.Spec(config.require(VowstreamConfig.TOPIC_RESULTS), partitions, Map.of()),
        new Topics.Spec(config.require(VowstreamConfig.TOPIC_REJECTED), partitions, Map.of()));
    Map<String, Object> adminProps = config.kafkaClientProperties(bootstrap);
    progress.step("Topics", () -> {
      try (Admin admin = Admin.create(adminProps)) {
        return Topics.ensure(admin, specs, Duration.ofSeconds(60));
      }
    }, created -> created.isEmpty() ? "all " + specs.size() + " present" : "created " + String.join(", ", created));

    Path keyFile = config.unitKeyFile(VowstreamConfig.KEY_FILE);
    boolean existed = Files.exists(keyFile);
    SigningKey unitKey = progress.step("Unit signing key", () -> KeyFiles.loadOrCreate(keyFile),
        key -> key.type() + " key " + (existed ? "loaded from " : "created in ") + keyFile + ", address " + key.address());

    VowstreamConfig unitConfig = config;
    // The units sign with the key loaded above rather than reading the file again.
    SchedulerUnit su = progress.step("Scheduler unit (SU)", () -> SchedulerUnit.builder(unitConfig).signer(unitKey).start(),
        unit -> "scheduling " + unitConfig.require(VowstreamConfig.TOPIC_SCHEDULE) + " -> "
            + unitConfig.require(VowstreamConfig.TOPIC_ASSIGNMENTS) + ", HTTP " + unit.httpUrl());
    started.push(su);
    su.terminated().subscribe(null, error -> unitFailed("scheduler unit", error));

    ComputeUnit cu = progress.step("Compute unit (CU)", () -> ComputeUnit.builder(unitConfig).start(),
        unit -> "folding " + unitConfig.require(VowstreamConfig.TOPIC_ASSIGNMENTS) + " -> "
            + unitConfig.require(VowstreamConfig.TOPIC_RESULTS) + " (modules " + modulesList() + "), HTTP "
            + unit.httpUrl());
    started.push(cu);
    cu.terminated().subscribe(null, error -> unitFailed("compute unit", error));

    MessengerUnit mu = progress.step("Messenger unit (MU)", () -> MessengerUnit.builder(unitConfig).signer(unitKey).start(),
        unit -> "ingress " + unitConfig.require(VowstreamConfig.TOPIC_INGRESS) + " and POST " + unit.httpUrl()
            + "/ -> " + unitConfig.require(VowstreamConfig.TOPIC_SCHEDULE) + "; cranking "
            + unitConfig.require(VowstreamConfig.TOPIC_RESULTS));
    started.push(mu);
    mu.terminated().subscribe(null, error -> unitFailed("messenger unit", error));

    Map<String, Object> feedProps = new HashMap<>(unitConfig.kafkaClientProperties());
    feedProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    SchemaRegistryClient feedRegistry = HttpSchemaRegistryClient.builder(
        unitConfig.require(VowstreamConfig.SCHEMA_REGISTRY_URL)).build();
    started.push(feedRegistry);
    started.push(new ResultFeed(feedProps, unitConfig.require(VowstreamConfig.TOPIC_RESULTS), feedRegistry, out,
        Clock.systemUTC()).start());

    if (config.get(VowstreamConfig.RUN_DEMO).orElse(embeddedKafka)) {
      runDemo(unitConfig, dataDir);
    }
    return config;
  }

  private static String modulesList() {
    return String.join(", ", ModuleRegistry.discover(RunCommand.class.getClassLoader()).references());
  }

  /** Runs the demo; a failure is reported but leaves the pipeline running for the user. */
  private void runDemo(VowstreamConfig config, Path dataDir) {
    try {
      SigningKey user = KeyFiles.loadOrCreate(dataDir.resolve("user-key.json"));
      Demo.Outcome d = new Demo(PipelineClient.from(config), user, out).run();
      out.println("Demo done. Try it yourself (in another terminal):");
      out.println("  ./vowstream send --to " + d.counter() + " --tag Action=Increment");
      out.println("  ./vowstream send --to " + d.tokenA() + " --tag Action=Transfer --tag Recipient=" + d.tokenB()
          + " --tag Quantity=5");
      out.println("  ./vowstream spawn --module counter@1 --boot 42");
    } catch (RuntimeException e) {
      out.println("The demo failed: " + e.getMessage() + " (the pipeline keeps running)");
    }
  }

  /** A unit stopped on its own: report it and end the command with a failure. */
  private void unitFailed(String unit, Throwable error) {
    out.println("The " + unit + " stopped: " + error.getMessage());
    failed = true;
    if (externalStop != null) {
      externalStop.countDown();
    } else {
      stopAll();
      System.exit(1);
    }
  }

  private synchronized void stopAll() {
    if (started.isEmpty()) {
      return;
    }
    out.println("Stopping ...");
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        out.println("  could not stop " + c + ": " + e.getMessage());
      }
    }
    out.println("Stopped.");
    out.flush();
  }

  private static String version() {
    String v = RunCommand.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }
}
