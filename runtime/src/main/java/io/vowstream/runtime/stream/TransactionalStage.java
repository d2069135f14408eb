package io.vowstream.runtime.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An exactly-once consume → process → produce stage: see the package documentation for the
 * design. Build one with {@link #builder()}, {@link #start()} it, and watch {@link #terminated()}:
 * it completes after {@link #close()} and fails when the stage stopped on a fatal error (for
 * example a {@code ProducerFencedException} because another instance took over the transactional
 * id).
 */
public final class TransactionalStage implements AutoCloseable {
  private final StageLoop loop;

  private TransactionalStage(StageLoop loop) {
    this.loop = loop;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Initialises the transactional producer (aborting a transaction a crashed predecessor with the
   * same transactional id left open), subscribes and starts polling. Returns at once.
   *
   * @throws org.apache.kafka.common.KafkaException when the producer cannot be initialised
   */
  public TransactionalStage start() {
    loop.start();
    return this;
  }

  /** Completes when the stage stopped after {@link #close()}, fails with the fatal error otherwise. */
  public Mono<Void> terminated() {
    return loop.terminated();
  }

  /** Finishes the transaction in flight, then stops polling and closes the clients. Idempotent. */
  @Override
  public void close() {
    loop.close();
  }

  /** Settings of a stage; every Kafka client property can be added with {@link #clientProperty}. */
  public static final class Builder {
    String name = "stage";
    @Nullable String bootstrapServers;
    @Nullable String inputTopic;
    @Nullable String stateTopic;
    @Nullable String groupId;
    @Nullable String transactionalId;
    @Nullable PartitionProcessor processor;
    int maxTransactionRecords = 500;
    Duration linger = Duration.ofMillis(10);
    Duration transactionTimeout = Duration.ofSeconds(30);
    Duration restoreTimeout = Duration.ofMinutes(2);
    final Map<String, Object> clientProperties = new HashMap<>();
    MeterRegistry meterRegistry = new SimpleMeterRegistry();
    Clock clock = Clock.systemUTC();
    Consumer<Duration> sleeper = d -> {
      try {
        Thread.sleep(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };

    private Builder() {}

    /** A short name for logs, thread names and the {@code stage} metric tag. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder bootstrapServers(String servers) {
      this.bootstrapServers = servers;
      return this;
    }

    public Builder inputTopic(String topic) {
      this.inputTopic = topic;
      return this;
    }

    /** The compacted state topic; it must have as many partitions as the input topic. */
    public Builder stateTopic(String topic) {
      this.stateTopic = topic;
      return this;
    }

    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    /**
     * The producer's transactional id. Keep it stable across restarts of one instance: the restart
     * then aborts the predecessor's open transaction at once instead of after its timeout.
     */
    public Builder transactionalId(String transactionalId) {
      this.transactionalId = transactionalId;
      return this;
    }

    public Builder processor(PartitionProcessor processor) {
      this.processor = processor;
      return this;
    }

    /** Records per transaction (also {@code max.poll.records}); larger amortises the commit cost. */
    public Builder maxTransactionRecords(int records) {
      if (records <= 0) {
        throw new IllegalArgumentException("maxTransactionRecords must be positive, got " + records);
      }
      this.maxTransactionRecords = records;
      return this;
    }

    /** How long a partly filled transaction waits for more records before it is committed. */
    public Builder linger(Duration linger) {
      if (linger.isNegative()) {
        throw new IllegalArgumentException("linger must not be negative, got " + linger);
      }
      this.linger = linger;
      return this;
    }

    /** {@code transaction.timeout.ms}: how long a transaction of a dead instance can block readers. */
    public Builder transactionTimeout(Duration timeout) {
      this.transactionTimeout = timeout;
      return this;
    }

    /** Upper bound for reading a state-topic partition back. */
    public Builder restoreTimeout(Duration timeout) {
      this.restoreTimeout = timeout;
      return this;
    }

    /** A Kafka client property for the consumers and the producer (security settings, ...). */
    public Builder clientProperty(String key, Object value) {
      clientProperties.put(key, value);
      return this;
    }

    public Builder clientProperties(Map<String, ?> properties) {
      clientProperties.putAll(properties);
      return this;
    }

    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** The clock for transaction and restore timings. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How the stage waits between retries after an aborted transaction (tests pass a no-op). */
    public Builder sleeper(Consumer<Duration> sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /**
     * The configured stage, not started yet.
     *
     * @throws IllegalStateException naming the first missing setting
     */
    public TransactionalStage build() {
      require(bootstrapServers, "bootstrapServers");
      require(inputTopic, "inputTopic");
      require(stateTopic, "stateTopic");
      require(groupId, "groupId");
      require(transactionalId, "transactionalId");
      require(processor, "processor");
      if (Objects.equals(inputTopic, stateTopic)) {
        throw new IllegalStateException("the state topic must differ from the input topic " + inputTopic);
      }
      return new TransactionalStage(new StageLoop(this));
    }

    private static void require(@Nullable Object value, String setting) {
      if (value == null) {
        throw new IllegalStateException("TransactionalStage: " + setting + " is not set");
      }
    }
  }
}
