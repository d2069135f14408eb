package io.vowstream.compute;

import io.vowstream.runtime.UnitMain;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.config.ConfigException;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.runtime.http.HttpApiResponse;
import io.vowstream.runtime.http.HttpApiServer;
import io.vowstream.runtime.kafka.CommittedTopicReader;
import io.vowstream.runtime.kafka.ScheduledItems;
import io.vowstream.runtime.kafka.Topics;
import io.vowstream.runtime.metrics.UnitMetrics;
import io.vowstream.runtime.stream.TransactionalStage;
import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamSerdes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A running compute unit: the transactional fold of {@code vowstream.assignments} into {@code
 * vowstream.results} (checkpoints in the compacted {@code vowstream.cu.state}), the result index
 * and the HTTP API. Start one with {@link #start(VowstreamConfig)} (or {@link #builder} to choose
 * modules, clock or meter registry) and stop it with {@link #close()}.
 *
 * <p>Several instances share the work through the consumer group: each folds the processes of the
 * partitions it owns, and every instance answers {@code /result} for every process.
 */
public final class ComputeUnit implements UnitMain.RunningUnit {
  private static final Logger log = LoggerFactory.getLogger(ComputeUnit.class);

  /**
   * How long an On-Boot item lookup may wait for the item read model to catch up before the batch is
   * retried; well below the stage's 30 s transaction timeout, since the lookup runs inside a batch.
   */
  static final Duration ITEM_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

  private final TransactionalStage stage;
  private final ResultIndex index;
  private final CommittedTopicReader items;
  private final HttpApiServer http;
  private final SchemaRegistryClient registry;

  private ComputeUnit(TransactionalStage stage, ResultIndex index, CommittedTopicReader items, HttpApiServer http,
      SchemaRegistryClient registry) {
    this.stage = stage;
    this.index = index;
    this.items = items;
    this.http = http;
    this.registry = registry;
  }

  /** Starts a unit with everything taken from the configuration. */
  public static ComputeUnit start(VowstreamConfig config) {
    return builder(config).start();
  }

  public static Builder builder(VowstreamConfig config) {
    return new Builder(config);
  }

  /** The base URL of the HTTP API, e.g. {@code http://127.0.0.1:8084}. */
  public String httpUrl() {
    return http.baseUrl();
  }

  /** Completes after {@link #close()}; fails when the unit stopped on a fatal error. */
  public Mono<Void> terminated() {
    return stage.terminated();
  }

  /** Finishes the transaction in flight, then stops the stage, the index and the server. Idempotent. */
  @Override
  public void close() {
    try {
      stage.close();
    } finally {
      index.close();
      items.close();
      http.close();
      registry.close();
    }
  }

  /** Options beyond the configuration keys. */
  public static final class Builder {
    private final VowstreamConfig config;
    private @Nullable ModuleRegistry modules;
    private Clock clock = Clock.systemUTC();
    private @Nullable MeterRegistry meterRegistry;
    private Map<String, String> legacyModules = Map.of();
    private Supplier<byte[]> randomSeed = () -> {
      byte[] seed = new byte[32];
      new SecureRandom().nextBytes(seed);
      return seed;
    };

    private Builder(VowstreamConfig config) {
      this.config = config;
    }

    /** The modules processes may name; default: those {@link java.util.ServiceLoader} finds. */
    public Builder modules(ModuleRegistry registry) {
      this.modules = registry;
      return this;
    }

    /** The clock for rejection timestamps, stage timings and {@code /health}; evaluation never reads it. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Where meters go; default: a new Prometheus registry served at {@code /metrics}. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** The module reference of each legacy process (one whose schedule has no nonce-0 assignment). */
    public Builder legacyModules(Map<String, String> modulesByProcess) {
      this.legacyModules = Map.copyOf(modulesByProcess);
      return this;
    }

    /** Where the seed of the throwaway key that signs JSON dry-run messages comes from. */
    public Builder dryRunKeySeed(Supplier<byte[]> seed) {
      this.randomSeed = seed;
      return this;
    }

    /**
     * Creates missing topics, starts the stage, the result index and the HTTP server.
     *
     * @throws ConfigException when a required key is missing or the topics do not fit together
     */
    public ComputeUnit start() {
      String bootstrap = config.requireBootstrapServers("the compute unit");
      String registryUrl = config.requireSchemaRegistryUrl("the compute unit");
      String assignmentsTopic = config.require(VowstreamConfig.TOPIC_ASSIGNMENTS);
      String resultsTopic = config.require(VowstreamConfig.TOPIC_RESULTS);
      String rejectedTopic = config.require(VowstreamConfig.TOPIC_REJECTED);
      String stateTopic = config.require(VowstreamConfig.CU_STATE_TOPIC);
      int partitions = config.require(VowstreamConfig.TOPIC_PARTITIONS);
      if (stateTopic.equals(assignmentsTopic)) {
        throw new ConfigException(VowstreamConfig.CU_STATE_TOPIC.name() + " must differ from the assignments topic "
            + assignmentsTopic);
      }

      Map<String, Object> client = config.kafkaClientProperties(bootstrap);
      int inputPartitions;
      try (Admin admin = Admin.create(client)) {
        Topics.ensure(admin, List.of(new Topics.Spec(assignmentsTopic, partitions, Map.of())), Duration.ofSeconds(30));
        inputPartitions = Topics.partitionCount(admin, assignmentsTopic);
        Topics.ensure(admin, List.of(
            new Topics.Spec(resultsTopic, inputPartitions, Map.of()),
            new Topics.Spec(rejectedTopic, partitions, Map.of()),
            Topics.Spec.compacted(stateTopic, inputPartitions)), Duration.ofSeconds(30));
        // Results and checkpoints of input partition p go to partition p: both must line up.
        Topics.requireCoPartitioned(admin, resultsTopic, assignmentsTopic, inputPartitions);
        Topics.requireCoPartitioned(admin, stateTopic, assignmentsTopic, inputPartitions);
      }

      PrometheusMeterRegistry prometheus = null;
      MeterRegistry meters = meterRegistry;
      if (meters == null) {
        prometheus = UnitMetrics.create("cu");
        meters = prometheus;
      }
      ModuleRegistry moduleRegistry = modules != null ? modules
          : ModuleRegistry.discover(ComputeUnit.class.getClassLoader());
      SchemaRegistryClient registry = HttpSchemaRegistryClient.builder(registryUrl).build();
      ScheduledItems scheduled = new ScheduledItems(assignmentsTopic,
          VowstreamSerdes.scheduledItem(registry).deserializer(), ITEM_LOOKUP_TIMEOUT);
      CommittedTopicReader items = new CommittedTopicReader(client, "cu-item-lookup", List.of(assignmentsTopic),
          scheduled::read);
      scheduled.readBy(items);
      FoldSettings settings = new FoldSettings(assignmentsTopic, resultsTopic, rejectedTopic, stateTopic, registry,
          moduleRegistry, config.require(VowstreamConfig.CU_CHECKPOINT_INTERVAL),
          config.require(VowstreamConfig.CU_VERIFY_SIGNATURES), legacyModules, clock, scheduled::find);
      ComputeMetrics metrics = new ComputeMetrics(meters, clock);
      FoldProcessor fold = new FoldProcessor(settings, metrics);
      metrics.bindView(fold);

      TransactionalStage stage = TransactionalStage.builder()
          .name("cu")
          .bootstrapServers(bootstrap)
          .clientProperties(config.kafkaClientProperties())
          .inputTopic(assignmentsTopic)
          .stateTopic(stateTopic)
          .groupId(config.require(VowstreamConfig.CU_GROUP_ID))
          .transactionalId(config.require(VowstreamConfig.CU_TRANSACTIONAL_ID))
          .maxTransactionRecords(config.require(VowstreamConfig.CU_TRANSACTION_MAX_RECORDS))
          .linger(Duration.ofMillis(config.require(VowstreamConfig.CU_TRANSACTION_LINGER_MS)))
          .processor(fold)
          .meterRegistry(meters)
          .clock(clock)
          .build();

      ResultIndex index = new ResultIndex(client, resultsTopic, registry);
      ComputeApi api = new ComputeApi(index, fold, Duration.ofMillis(config.require(VowstreamConfig.CU_RESULT_WAIT_MS)),
          clock, Signer.ed25519(randomSeed.get()), metrics::totals);
      PrometheusMeterRegistry p = prometheus;
      @Nullable Supplier<HttpApiResponse> scrape = p == null ? null : () -> UnitMetrics.scrape(p);
      HttpApiServer server;
      try {
        items.start();
        stage.start();
        index.start();
        server = api.serve(config.require(VowstreamConfig.CU_HTTP_HOST), config.require(VowstreamConfig.CU_HTTP_PORT),
            scrape);
      } catch (RuntimeException e) {
        stage.close();
        index.close();
        items.close();
        registry.close();
        throw e;
      }
      log.info("compute unit consuming {} ({} partitions, modules {}), HTTP on {}", assignmentsTopic,
          inputPartitions, moduleRegistry.references(), server.baseUrl());
      return new ComputeUnit(stage, index, items, server, registry);
    }
  }
}
