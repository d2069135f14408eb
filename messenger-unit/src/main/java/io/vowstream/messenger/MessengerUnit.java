package io.vowstream.messenger;

import io.vowstream.runtime.UnitMain;
import io.vowstream.runtime.kafka.CommittedTopicReader;
import io.vowstream.runtime.kafka.ScheduledItems;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vowstream.dataitem.KeyFiles;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.config.ConfigException;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.runtime.http.HttpApiServer;
import io.vowstream.runtime.kafka.Topics;
import io.vowstream.runtime.metrics.UnitMetrics;
import io.vowstream.runtime.stream.PartitionProcessor;
import io.vowstream.runtime.stream.TransactionalStage;
import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A running messenger unit: the ingress stage, the cranking stage, the process directory, the
 * trace and the HTTP API. Start one with {@link #start(VowstreamConfig)} (or {@link #builder} to
 * plug in a signer, clock or meter registry) and stop it with {@link #close()}.
 */
public final class MessengerUnit implements UnitMain.RunningUnit {
  private static final Logger log = LoggerFactory.getLogger(MessengerUnit.class);
  /**
   * How long the crank may wait for the scheduled-item read model before it retries the batch
   * (an outbox assignment names an item it has not read yet); well inside the transaction timeout.
   */
  static final Duration ITEM_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

  private final List<AutoCloseable> parts;
  private final TransactionalStage ingress;
  private final TransactionalStage crank;
  private final String httpUrl;
  private final String address;

  private MessengerUnit(List<AutoCloseable> parts, TransactionalStage ingress, TransactionalStage crank,
      String httpUrl, String address) {
    this.parts = parts;
    this.ingress = ingress;
    this.crank = crank;
    this.httpUrl = httpUrl;
    this.address = address;
  }

  /** Starts a unit with everything taken from the configuration. */
  public static MessengerUnit start(VowstreamConfig config) {
    return builder(config).start();
  }

  public static Builder builder(VowstreamConfig config) {
    return new Builder(config);
  }

  /** The base URL of the HTTP API, e.g. {@code http://127.0.0.1:8085}. */
  public String httpUrl() {
    return httpUrl;
  }

  /** The owner address of the key that signs pushed items (list it in a process's {@code Authority}). */
  public String address() {
    return address;
  }

  /** Completes after {@link #close()}; fails when either stage stopped on a fatal error. */
  public Mono<Void> terminated() {
    return Mono.firstWithSignal(ingress.terminated(), crank.terminated());
  }

  /** Stops the HTTP server, both stages and the read models, in reverse start order. */
  @Override
  public void close() {
    closeAll(parts);
  }

  private static void closeAll(List<AutoCloseable> parts) {
    RuntimeException first = null;
    for (AutoCloseable part : parts.reversed()) {
      try {
        part.close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("closing the messenger unit failed: " + e, e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Options beyond the configuration keys. */
  public static final class Builder {
    private final VowstreamConfig config;
    private Clock clock = Clock.systemUTC();
    private @Nullable Signer signer;
    private @Nullable MeterRegistry meterRegistry;

    private Builder(VowstreamConfig config) {
      this.config = config;
    }

    /** The clock for rejection timestamps, directory waits and stage timings. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The key that signs pushed items; default: {@code vowstream.mu.key.file}, else {@code
     * vowstream.key.file}, else {@code <data dir>/unit-key.json} (created, Ed25519, when missing).
     * Use a deterministic scheme (Ed25519): re-pushes must get the same id.
     */
    public Builder signer(Signer signer) {
      this.signer = signer;
      return this;
    }

    /** Where meters go; default: a new Prometheus registry served at {@code /metrics}. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /**
     * Creates missing topics, starts the read models, both stages and the HTTP server.
     *
     * @throws ConfigException when a required key is missing or the topics do not fit together
     */
    public MessengerUnit start() {
      String bootstrap = config.requireBootstrapServers("the messenger unit");
      String registryUrl = config.requireSchemaRegistryUrl("the messenger unit");
      String ingressTopic = config.require(VowstreamConfig.TOPIC_INGRESS);
      String scheduleTopic = config.require(VowstreamConfig.TOPIC_SCHEDULE);
      String assignmentsTopic = config.require(VowstreamConfig.TOPIC_ASSIGNMENTS);
      String resultsTopic = config.require(VowstreamConfig.TOPIC_RESULTS);
      String rejectedTopic = config.require(VowstreamConfig.TOPIC_REJECTED);
      String ingressState = config.require(VowstreamConfig.MU_INGRESS_STATE_TOPIC);
      String crankState = config.require(VowstreamConfig.MU_CRANK_STATE_TOPIC);
      int partitions = config.require(VowstreamConfig.TOPIC_PARTITIONS);
      Duration wait = Duration.ofMillis(config.require(VowstreamConfig.MU_DIRECTORY_WAIT_MS));
      int maxItemBytes = config.require(VowstreamConfig.MU_MAX_ITEM_BYTES);

      Map<String, Object> client = config.kafkaClientProperties(bootstrap);
      try (Admin admin = Admin.create(client)) {
        Topics.ensure(admin, List.of(
            new Topics.Spec(ingressTopic, partitions, Map.of()),
            new Topics.Spec(scheduleTopic, partitions, Map.of()),
            new Topics.Spec(resultsTopic, partitions, Map.of()),
            new Topics.Spec(rejectedTopic, partitions, Map.of())), Duration.ofSeconds(30));
        int ingressPartitions = Topics.partitionCount(admin, ingressTopic);
        int resultsPartitions = Topics.partitionCount(admin, resultsTopic);
        // The SU creates the assignments topic with its schedule topic's count; do the same if the MU is first.
        Topics.ensure(admin, List.of(
            new Topics.Spec(assignmentsTopic, Topics.partitionCount(admin, scheduleTopic), Map.of()),
            Topics.Spec.compacted(ingressState, ingressPartitions),
            Topics.Spec.compacted(crankState, resultsPartitions)), Duration.ofSeconds(30));
        Topics.requireCoPartitioned(admin, ingressState, ingressTopic, ingressPartitions);
        Topics.requireCoPartitioned(admin, crankState, resultsTopic, resultsPartitions);
      }

      Signer key = signer != null ? signer
          : KeyFiles.loadOrCreate(config.unitKeyFile(VowstreamConfig.MU_KEY_FILE, VowstreamConfig.KEY_FILE));
      String address = key.address();

      PrometheusMeterRegistry prometheus = null;
      MeterRegistry meters = meterRegistry;
      if (meters == null) {
        prometheus = UnitMetrics.create("mu");
        meters = prometheus;
      }
      List<AutoCloseable> parts = new ArrayList<>();
      try {
        SchemaRegistryClient registry = HttpSchemaRegistryClient.builder(registryUrl).build();
        parts.add(registry);
        MessengerCodec codec = new MessengerCodec(registry);
        MessengerSettings settings = new MessengerSettings(ingressTopic, scheduleTopic, resultsTopic, rejectedTopic,
            crankState, codec, key, clock, wait);
        MessengerMetrics metrics = new MessengerMetrics(meters);

        ProcessDirectory directory = new ProcessDirectory(assignmentsTopic, codec, clock);
        metrics.directorySize(directory::size);
        TraceIndex trace = new TraceIndex(settings, assignmentsTopic, config.require(VowstreamConfig.MU_TRACE_MAX_MESSAGES));
        ScheduledItems scheduled = new ScheduledItems(assignmentsTopic, codec.scheduledItem.deserializer(),
            ITEM_LOOKUP_TIMEOUT);
        // One read of the committed topics feeds every read model: the assignments topic is fetched once.
        CommittedTopicReader readModels = new CommittedTopicReader(client, "mu-read-models", trace.topics(), r -> {
          if (r.topic().equals(assignmentsTopic)) {
            directory.read(r);
            scheduled.read(r);
          }
          trace.add(r);
        });
        scheduled.readBy(readModels);
        parts.add(readModels);
        readModels.start();

        ItemChecks checks = new ItemChecks(directory, maxItemBytes, wait);
        // A transaction may wait for the directory (per partition of a batch): keep it well inside the timeout.
        Duration txTimeout = Duration.ofMillis(Math.max(60_000, 4 * wait.toMillis()));
        TransactionalStage ingress = stage("mu-ingress", bootstrap, ingressTopic, ingressState,
            config.require(VowstreamConfig.MU_INGRESS_GROUP_ID), config.require(VowstreamConfig.MU_INGRESS_TRANSACTIONAL_ID),
            new IngressProcessor(settings, checks, metrics), meters, txTimeout);
        parts.add(ingress);
        TransactionalStage crank = stage("mu-crank", bootstrap, resultsTopic, crankState,
            config.require(VowstreamConfig.MU_CRANK_GROUP_ID), config.require(VowstreamConfig.MU_CRANK_TRANSACTIONAL_ID),
            new CrankProcessor(settings, directory, scheduled::find, metrics), meters, txTimeout);
        parts.add(crank);
        ingress.start();
        crank.start();

        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "mu-http");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        parts.add(producer);
        HttpIngress httpIngress = new HttpIngress(settings, checks, metrics, producer);
        MessengerApi api = new MessengerApi(trace, directory, address, clock);
        HttpApiServer.Builder routes = HttpApiServer.builder()
            .host(config.require(VowstreamConfig.MU_HTTP_HOST)).port(config.require(VowstreamConfig.MU_HTTP_PORT))
            .get("/", api::root)
            .get("/health", api::health)
            .get("/trace/{messageId}", api::trace)
            .post("/", req -> httpIngress.submit(req.body()))
            .maxBodyBytes(maxItemBytes)
            .tooLarge(length -> httpIngress.tooLarge(length, maxItemBytes));
        if (prometheus != null) {
          PrometheusMeterRegistry scrape = prometheus;
          routes.get("/metrics", req -> UnitMetrics.scrape(scrape));
        }
        HttpApiServer http = routes.start();
        parts.add(http);
        log.info("messenger unit {} consuming {} and {}, HTTP on {}", address, ingressTopic, resultsTopic,
            http.baseUrl());
        return new MessengerUnit(parts, ingress, crank, http.baseUrl(), address);
      } catch (RuntimeException e) {
        try {
          closeAll(parts);
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    }

    private TransactionalStage stage(String name, String bootstrap, String input, String state, String group,
        String transactionalId, PartitionProcessor processor, MeterRegistry meters, Duration txTimeout) {
      return TransactionalStage.builder()
          .name(name)
          .bootstrapServers(bootstrap)
          .clientProperties(config.kafkaClientProperties())
          .inputTopic(input)
          .stateTopic(state)
          .groupId(group)
          .transactionalId(transactionalId)
          .maxTransactionRecords(config.require(VowstreamConfig.MU_TRANSACTION_MAX_RECORDS))
          .linger(Duration.ofMillis(config.require(VowstreamConfig.MU_TRANSACTION_LINGER_MS)))
          .transactionTimeout(txTimeout)
          .processor(processor)
          .meterRegistry(meters)
          .clock(clock)
          .build();
    }
  }
}
