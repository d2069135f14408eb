package io.vowstream.scheduler;

import io.vowstream.runtime.UnitMain;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vowstream.dataitem.KeyFiles;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.config.ConfigException;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.runtime.http.HttpApiServer;
import io.vowstream.runtime.kafka.Topics;
import io.vowstream.runtime.metrics.UnitMetrics;
import io.vowstream.runtime.stream.TransactionalStage;
import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A running scheduler unit: the transactional schedule stage, the read index and the HTTP API.
 * Start one with {@link #start(VowstreamConfig)} (or {@link #builder} to plug in a block-height
 * source, clock, signer or meter registry) and stop it with {@link #close()}.
 */
public final class SchedulerUnit implements UnitMain.RunningUnit {
  private static final Logger log = LoggerFactory.getLogger(SchedulerUnit.class);

  private final TransactionalStage stage;
  private final ScheduleIndex index;
  private final HttpApiServer http;
  private final SchemaRegistryClient registry;
  private final String address;
  private final @Nullable ExecutorService ownedSigningPool;

  private SchedulerUnit(TransactionalStage stage, ScheduleIndex index, HttpApiServer http,
      SchemaRegistryClient registry, String address, @Nullable ExecutorService ownedSigningPool) {
    this.stage = stage;
    this.index = index;
    this.http = http;
    this.registry = registry;
    this.address = address;
    this.ownedSigningPool = ownedSigningPool;
  }

  /** Starts a unit with everything taken from the configuration. */
  public static SchedulerUnit start(VowstreamConfig config) {
    return builder(config).start();
  }

  public static Builder builder(VowstreamConfig config) {
    return new Builder(config);
  }

  /** The base URL of the HTTP API, e.g. {@code http://127.0.0.1:8083}. */
  public String httpUrl() {
    return http.baseUrl();
  }

  /** The SU's owner address (of its signing key). */
  public String address() {
    return address;
  }

  /** Completes after {@link #close()}; fails when the unit stopped on a fatal error. */
  public Mono<Void> terminated() {
    return stage.terminated();
  }

  @Override
  public void close() {
    try {
      stage.close();
    } finally {
      index.close();
      http.close();
      registry.close();
      // After the stage: no batch is being signed any more.
      if (ownedSigningPool != null) {
        ownedSigningPool.shutdownNow();
      }
    }
  }

  /** Options beyond the configuration keys. */
  public static final class Builder {
    private final VowstreamConfig config;
    private @Nullable BlockHeightSource blockHeight;
    private Clock clock = Clock.systemUTC();
    private @Nullable Signer signer;
    private @Nullable MeterRegistry meterRegistry;
    private @Nullable Executor signingExecutor;

    private Builder(VowstreamConfig config) {
      this.config = config;
    }

    /** Where Block-Height comes from; default: the fixed {@code vowstream.su.block.height}. */
    public Builder blockHeight(BlockHeightSource source) {
      this.blockHeight = source;
      return this;
    }

    /** The SU clock (assignment Timestamp). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The signing key; default: {@code vowstream.key.file}, created (Ed25519) when missing. */
    public Builder signer(Signer signer) {
      this.signer = signer;
      return this;
    }

    /**
     * Where assignments of different processes in one batch are signed in parallel; default: a
     * pool of one daemon thread per available core, shut down by {@link #close()}. A supplied
     * executor stays open.
     */
    public Builder signingExecutor(Executor executor) {
      this.signingExecutor = executor;
      return this;
    }

    /** Where meters go; default: a new Prometheus registry served at {@code /metrics}. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /**
     * Creates missing topics, starts the stage, the index and the HTTP server.
     *
     * @throws ConfigException when a required key is missing or the topics do not fit together
     */
    public SchedulerUnit start() {
      String bootstrap = config.requireBootstrapServers("the scheduler unit");
      String registryUrl = config.requireSchemaRegistryUrl("the scheduler unit");
      String scheduleTopic = config.require(VowstreamConfig.TOPIC_SCHEDULE);
      String assignmentsTopic = config.require(VowstreamConfig.TOPIC_ASSIGNMENTS);
      String rejectedTopic = config.require(VowstreamConfig.TOPIC_REJECTED);
      String stateTopic = config.require(VowstreamConfig.SU_STATE_TOPIC);
      int partitions = config.require(VowstreamConfig.TOPIC_PARTITIONS);

      Map<String, Object> client = config.kafkaClientProperties(bootstrap);
      int schedulePartitions;
      try (Admin admin = Admin.create(client)) {
        Topics.ensure(admin, List.of(new Topics.Spec(scheduleTopic, partitions, Map.of())), Duration.ofSeconds(30));
        schedulePartitions = Topics.partitionCount(admin, scheduleTopic);
        Topics.ensure(admin, List.of(
            new Topics.Spec(assignmentsTopic, schedulePartitions, Map.of()),
            new Topics.Spec(rejectedTopic, partitions, Map.of()),
            Topics.Spec.compacted(stateTopic, schedulePartitions)), Duration.ofSeconds(30));
        Topics.requireCoPartitioned(admin, assignmentsTopic, scheduleTopic, schedulePartitions);
        Topics.requireCoPartitioned(admin, stateTopic, scheduleTopic, schedulePartitions);
      }

      Signer key = signer != null ? signer : KeyFiles.loadOrCreate(config.unitKeyFile(VowstreamConfig.KEY_FILE));
      String address = key.address();

      PrometheusMeterRegistry prometheus = null;
      MeterRegistry meters = meterRegistry;
      if (meters == null) {
        prometheus = UnitMetrics.create("su");
        meters = prometheus;
      }
      SchemaRegistryClient registry = HttpSchemaRegistryClient.builder(registryUrl).build();
      ScheduleCodec codec = new ScheduleCodec(registry);
      SchedulerSettings settings = new SchedulerSettings(scheduleTopic, assignmentsTopic, rejectedTopic, stateTopic,
          codec, key, blockHeight != null ? blockHeight
              : BlockHeightSource.fixed(config.require(VowstreamConfig.SU_BLOCK_HEIGHT)),
          clock, config.require(VowstreamConfig.SU_VARIANT), config.require(VowstreamConfig.SU_VERIFY_SIGNATURES),
          config.require(VowstreamConfig.SU_MAX_ITEM_BYTES));
      ExecutorService ownedPool = signingExecutor == null ? signingPool() : null;
      Executor signing = signingExecutor != null ? signingExecutor : java.util.Objects.requireNonNull(ownedPool);
      ScheduleProcessor processor = new ScheduleProcessor(settings, new SchedulerMetrics(meters), signing);

      TransactionalStage stage = TransactionalStage.builder()
          .name("su")
          .bootstrapServers(bootstrap)
          .clientProperties(config.kafkaClientProperties())
          .inputTopic(scheduleTopic)
          .stateTopic(stateTopic)
          .groupId(config.require(VowstreamConfig.SU_GROUP_ID))
          .transactionalId(config.require(VowstreamConfig.SU_TRANSACTIONAL_ID))
          .maxTransactionRecords(config.require(VowstreamConfig.SU_TRANSACTION_MAX_RECORDS))
          .linger(Duration.ofMillis(config.require(VowstreamConfig.SU_TRANSACTION_LINGER_MS)))
          .processor(processor)
          .meterRegistry(meters)
          .clock(clock)
          .build();

      ScheduleIndex index = new ScheduleIndex(client, assignmentsTopic, codec);
      ScheduleApi api = new ScheduleApi(index, address, clock);
      HttpApiServer.Builder http = HttpApiServer.builder()
          .host(config.require(VowstreamConfig.SU_HTTP_HOST))
          .port(config.require(VowstreamConfig.SU_HTTP_PORT))
          .get("/health", api::health)
          .get("/processes/{pid}", api::process)
          .get("/processes/{pid}/schedule", api::schedule)
          .get("/processes/{pid}/latest", api::latest)
          .get("/items/{id}", api::item);
      if (prometheus != null) {
        PrometheusMeterRegistry p = prometheus;
        http.get("/metrics", req -> UnitMetrics.scrape(p));
      }
      HttpApiServer server = null;
      try {
        stage.start();
        index.start();
        server = http.start();
      } catch (RuntimeException e) {
        stage.close();
        index.close();
        registry.close();
        if (ownedPool != null) {
          ownedPool.shutdownNow();
        }
        throw e;
      }
      log.info("scheduler unit {} consuming {} ({} partitions), HTTP on {}", address, scheduleTopic,
          schedulePartitions, server.baseUrl());
      return new SchedulerUnit(stage, index, server, registry, address, ownedPool);
    }

    private static ExecutorService signingPool() {
      AtomicInteger n = new AtomicInteger();
      return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "su-sign-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
  }
}
