package io.vowstream.runtime.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The machinery behind {@link TransactionalStage}: a poll thread that owns the consumer, a
 * processing thread that owns the producer, and epochs that keep stale batches out.
 *
 * <p>Epochs: every assigned input partition has an accepted epoch. The poll thread tags each
 * record with the epoch its partition had when it was polled. Assignment and the rewind after an
 * abort move the partition to a new epoch, so batches already on their way (polled before a seek,
 * or belonging to a revoked partition) are recognised and skipped instead of being applied twice.
 */
final class StageLoop implements ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(StageLoop.class);
  private static final Duration MAX_POLL_WAIT = Duration.ofMillis(100);
  private static final Duration DEMAND_CHECK_INTERVAL = Duration.ofMillis(2);
  private static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(2);

  private final String name;
  private final String inputTopic;
  private final String stateTopic;
  private final PartitionProcessor processor;
  private final int maxTransactionRecords;
  private final Duration linger;
  private final Duration restoreTimeout;
  private final String transactionalId;
  private final Clock clock;
  private final Consumer<Duration> sleeper;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaConsumer<byte[], byte[]> restoreConsumer;
  /** Only asks for high watermarks: a restore must wait until every transaction written so far is decided. */
  private final KafkaConsumer<byte[], byte[]> highWatermarks;
  private final KafkaProducer<byte[], byte[]> producer;

  /** Held while a transaction runs, during rebalance callbacks and during restores. */
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong epochs = new AtomicLong();
  /** Written under {@link #lock}: the epoch whose records may be processed; absent = not owned. */
  private final Map<TopicPartition, Long> acceptedEpoch = new ConcurrentHashMap<>();
  /** Poll thread only: the epoch records of a partition are tagged with. */
  private final Map<TopicPartition, Long> pollEpoch = new HashMap<>();
  /** Written under {@link #lock}: the next offset to read after the last commit. */
  private final Map<TopicPartition, Long> committedOffset = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Runnable> pollTasks = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Sinks.Empty<Void> done = Sinks.empty();
  private final ExecutorService processingExecutor;
  private final Scheduler processingScheduler;
  private @Nullable Disposable subscription;
  private @Nullable Thread pollThread;
  private int consecutiveFailures;

  private final Timer transactionTimer;
  private final DistributionSummary transactionSize;
  private final Timer restoreTimer;
  private final KafkaClientMetrics consumerMetrics;
  private final KafkaClientMetrics producerMetrics;
  private final Counter aborts;
  private final Counter pauses;

  StageLoop(TransactionalStage.Builder b) {
    this.name = b.name;
    this.inputTopic = Objects.requireNonNull(b.inputTopic);
    this.stateTopic = Objects.requireNonNull(b.stateTopic);
    this.processor = Objects.requireNonNull(b.processor);
    this.maxTransactionRecords = b.maxTransactionRecords;
    this.linger = b.linger;
    this.restoreTimeout = b.restoreTimeout;
    this.transactionalId = Objects.requireNonNull(b.transactionalId);
    this.clock = b.clock;
    this.sleeper = b.sleeper;

    Map<String, Object> common = new HashMap<>(b.clientProperties);
    common.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);

    Map<String, Object> c = new HashMap<>(common);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, b.groupId);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxTransactionRecords);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-input");
    this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());

    Map<String, Object> r = new HashMap<>(common);
    r.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    r.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    r.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    r.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-restore");
    this.restoreConsumer = new KafkaConsumer<>(r, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> e = new HashMap<>(common);
    e.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    e.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    e.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-restore-end");
    this.highWatermarks = new KafkaConsumer<>(e, new ByteArrayDeserializer(), new ByteArrayDeserializer());

    Map<String, Object> p = new HashMap<>(common);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, b.transactionalId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) b.transactionTimeout.toMillis());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, name + "-producer");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());

    this.processingExecutor = Executors.newSingleThreadExecutor(task -> {
      Thread t = new Thread(task, name + "-processing");
      t.setDaemon(true);
      return t;
    });
    this.processingScheduler = Schedulers.fromExecutorService(processingExecutor, name + "-processing");

    MeterRegistry m = b.meterRegistry;
    this.transactionTimer = Timer.builder("vowstream.stage.transaction.duration")
        .description("Time from the first send to the end of commitTransaction")
        .tag("stage", name).publishPercentiles(0.5, 0.99).register(m);
    this.transactionSize = DistributionSummary.builder("vowstream.stage.transaction.records")
        .description("Input records committed per transaction").tag("stage", name).register(m);
    this.restoreTimer = Timer.builder("vowstream.stage.restore.duration")
        .description("Time to read one state-topic partition back").tag("stage", name).register(m);
    this.aborts = Counter.builder("vowstream.stage.transaction.aborts")
        .description("Transactions aborted and rewound").tag("stage", name).register(m);
    this.pauses = Counter.builder("vowstream.stage.consumer.pauses")
        .description("Times the consumer was paused for lack of downstream demand").tag("stage", name).register(m);
    // The clients' own metrics (records-lag-max, request rates, transaction times), tagged by stage.
    this.consumerMetrics = new KafkaClientMetrics(consumer, List.of(io.micrometer.core.instrument.Tag.of("stage", name)));
    this.producerMetrics = new KafkaClientMetrics(producer, List.of(io.micrometer.core.instrument.Tag.of("stage", name)));
    consumerMetrics.bindTo(m);
    producerMetrics.bindTo(m);
  }

  void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("stage " + name + " is already started");
    }
    try {
      producer.initTransactions();
    } catch (RuntimeException e) {
      closeClients();
      throw e;
    }
    Flux<Batch> batches = Flux.create(this::runPollThread, FluxSink.OverflowStrategy.BUFFER);
    subscription = batches
        .publishOn(processingScheduler, 1)
        .doOnNext(this::runTransaction)
        .subscribe(
            batch -> { },
            error -> {
              log.error("stage {} stopped on a fatal error: {}", name, error.toString(), error);
              shutdown();
              done.tryEmitError(error);
            },
            () -> {
              shutdown();
              done.tryEmitEmpty();
            });
  }

  Mono<Void> terminated() {
    return done.asMono();
  }

  void close() {
    if (!started.get()) {
      closeClients();
      done.tryEmitEmpty();
      return;
    }
    if (closing.compareAndSet(false, true)) {
      consumer.wakeup();
    }
    done.asMono().onErrorComplete().block(Duration.ofSeconds(60));
  }

  // ---- poll thread -----------------------------------------------------------------------------

  private void runPollThread(FluxSink<Batch> sink) {
    Thread t = new Thread(() -> pollLoop(sink), name + "-poll");
    t.setDaemon(true);
    pollThread = t;
    sink.onDispose(() -> {
      closing.set(true);
      consumer.wakeup();
    });
    t.start();
  }

  private void pollLoop(FluxSink<Batch> sink) {
    try {
      consumer.subscribe(List.of(inputTopic), this);
      List<TaggedRecord> pending = new ArrayList<>();
      long firstPendingAt = 0;
      boolean paused = false;
      while (!closing.get()) {
        runPollTasks();
        // Without demand we keep fetching until one transaction's worth is buffered, so the next
        // transaction is ready when the current one commits; then the consumer is paused.
        boolean full = pending.size() >= maxTransactionRecords;
        Set<TopicPartition> assignment = consumer.assignment();
        if (full) {
          if (!paused) {
            pauses.increment();
            paused = true;
          }
          consumer.pause(assignment); // newly assigned partitions must be paused too
        } else if (paused) {
          consumer.resume(consumer.paused());
          paused = false;
        }
        long now = clock.millis();
        Duration wait = MAX_POLL_WAIT;
        if (!pending.isEmpty() && sink.requestedFromDownstream() == 0) {
          wait = DEMAND_CHECK_INTERVAL; // a batch is waiting for the processing thread
        } else if (!pending.isEmpty()) {
          long left = linger.toMillis() - (now - firstPendingAt);
          wait = Duration.ofMillis(Math.max(0, Math.min(left, MAX_POLL_WAIT.toMillis())));
        }
        ConsumerRecords<byte[], byte[]> polled;
        try {
          polled = consumer.poll(wait);
        } catch (WakeupException e) {
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> rec : polled) {
          TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
          Long epoch = pollEpoch.get(tp);
          if (epoch == null) {
            continue; // not owned (can only happen transiently around a rebalance)
          }
          if (pending.isEmpty()) {
            firstPendingAt = clock.millis();
          }
          pending.add(new TaggedRecord(epoch, toInput(rec)));
        }
        boolean lingered = clock.millis() - firstPendingAt >= linger.toMillis();
        if (!pending.isEmpty() && sink.requestedFromDownstream() > 0
            && (pending.size() >= maxTransactionRecords || lingered)) {
          int take = Math.min(pending.size(), maxTransactionRecords);
          sink.next(new Batch(List.copyOf(pending.subList(0, take)), consumer.groupMetadata()));
          pending.subList(0, take).clear();
          firstPendingAt = clock.millis();
        }
      }
      // A clean stop: let the processing thread finish what it has, then leave the group.
      sink.complete();
    } catch (RuntimeException e) {
      log.error("stage {}: the poll thread failed: {}", name, e.toString(), e);
      sink.error(e);
    } finally {
      waitForProcessingIdle();
      consumerMetrics.close();
      try {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
      } catch (RuntimeException e) {
        log.warn("stage {}: closing the consumer failed: {}", name, e.toString());
      }
    }
  }

  private void waitForProcessingIdle() {
    lock.lock(); // a transaction in flight holds the lock
    lock.unlock();
  }

  private void runPollTasks() {
    Runnable task;
    while ((task = pollTasks.poll()) != null) {
      task.run();
    }
  }

  private static InputRecord toInput(ConsumerRecord<byte[], byte[]> rec) {
    Map<String, String> headers = new HashMap<>();
    for (Header h : rec.headers()) {
      if (h.value() != null) {
        headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    return new InputRecord(rec.topic(), rec.partition(), rec.offset(), rec.key(), rec.value(), rec.timestamp(), headers);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    lock.lock();
    try {
      for (TopicPartition tp : partitions) {
        long epoch = epochs.incrementAndGet();
        // The committed offset first: fetching it waits until a transaction that committed offsets
        // for this partition is complete, so its state records are in the log before we restore.
        long position = consumer.position(tp);
        restore(tp.partition());
        committedOffset.put(tp, position);
        long start = startOffset(tp, position);
        if (start != position) {
          consumer.seek(tp, start);
        }
        pollEpoch.put(tp, epoch);
        acceptedEpoch.put(tp, epoch);
      }
      log.info("stage {}: assigned {}", name, partitions);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    // Taking the lock waits for the transaction in flight: it commits (or aborts) before we return.
    lock.lock();
    try {
      forget(partitions);
      log.info("stage {}: revoked {}", name, partitions);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    lock.lock();
    try {
      forget(partitions);
      log.warn("stage {}: lost {} (a transaction in flight for them will be fenced)", name, partitions);
    } finally {
      lock.unlock();
    }
  }

  private void forget(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      acceptedEpoch.remove(tp);
      pollEpoch.remove(tp);
      committedOffset.remove(tp);
      processor.drop(tp.partition());
    }
  }

  // ---- processing thread -----------------------------------------------------------------------

  private void runTransaction(Batch batch) {
    lock.lock();
    try {
      if (closing.get()) {
        return; // not committed: whoever owns the partitions next reads these records again
      }
      Map<Integer, List<InputRecord>> byPartition = new LinkedHashMap<>();
      for (TaggedRecord tr : batch.records()) {
        TopicPartition tp = new TopicPartition(tr.record().topic(), tr.record().partition());
        if (Objects.equals(acceptedEpoch.get(tp), tr.epoch())) {
          byPartition.computeIfAbsent(tr.record().partition(), k -> new ArrayList<>()).add(tr.record());
        }
      }
      if (byPartition.isEmpty()) {
        return;
      }
      long startNanos = System.nanoTime();
      boolean begun = false;
      try {
        producer.beginTransaction();
        begun = true;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        int count = 0;
        for (var entry : byPartition.entrySet()) {
          int partition = entry.getKey();
          List<InputRecord> records = entry.getValue();
          for (OutputRecord out : processor.process(partition, records)) {
            if (out.topic().equals(stateTopic) && !Objects.equals(out.partition(), partition)) {
              throw new IllegalStateException("processor wrote a state record for input partition " + partition
                  + " to state partition " + out.partition() + "; state must be co-partitioned");
            }
            producer.send(new ProducerRecord<>(out.topic(), out.partition(), out.key(), out.value()));
          }
          offsets.put(new TopicPartition(inputTopic, partition),
              new OffsetAndMetadata(records.getLast().offset() + 1));
          count += records.size();
        }
        producer.sendOffsetsToTransaction(offsets, batch.groupMetadata());
        producer.commitTransaction();
        offsets.forEach((tp, om) -> committedOffset.put(tp, om.offset()));
        transactionTimer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        transactionSize.record(count);
        consecutiveFailures = 0;
      } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
          | UnsupportedVersionException e) {
        // InvalidProducerEpochException is not among these: Kafka documents it as abortable (the
        // broker timed the transaction out, or a batch was retried past a bumped epoch), and
        // abortTransaction gives the producer a new epoch.
        throw new StageFailedException("stage " + name + ": the transactional producer cannot continue ("
            + e.getClass().getSimpleName() + ": " + e.getMessage() + "); another instance with transactional id "
            + transactionalId + " may have taken over, or the broker aborted a transaction that ran longer than "
            + "its timeout", e);
      } catch (RuntimeException e) {
        abortAndRewind(byPartition.keySet(), begun, e);
      }
    } finally {
      lock.unlock();
    }
  }

  private void abortAndRewind(Set<Integer> partitions, boolean begun, RuntimeException cause) {
    aborts.increment();
    consecutiveFailures++;
    log.warn("stage {}: transaction for partitions {} failed, aborting and rewinding: {}",
        name, partitions, cause.toString(), cause);
    if (begun) {
      try {
        producer.abortTransaction();
      } catch (KafkaException e) {
        throw new StageFailedException("stage " + name + ": cannot abort the failed transaction: " + e, e);
      }
    }
    for (int partition : partitions) {
      TopicPartition tp = new TopicPartition(inputTopic, partition);
      if (!acceptedEpoch.containsKey(tp)) {
        continue; // revoked meanwhile: the next owner restores it
      }
      long epoch = epochs.incrementAndGet();
      acceptedEpoch.put(tp, epoch);
      restore(partition);
      long offset = startOffset(tp, committedOffset.get(tp));
      pollTasks.add(() -> {
        if (consumer.assignment().contains(tp)) {
          pollEpoch.put(tp, epoch);
          consumer.seek(tp, offset);
        }
      });
    }
    consumer.wakeup();
    long backoff = Math.min(MAX_RETRY_BACKOFF.toMillis(), 50L * consecutiveFailures);
    sleeper.accept(Duration.ofMillis(backoff));
  }

  /** The committed offset, or the earlier offset the processor must replay from after a restore. */
  private long startOffset(TopicPartition tp, long committed) {
    java.util.OptionalLong from = processor.replayFrom(tp.partition());
    if (from.isPresent() && from.getAsLong() < committed) {
      log.info("stage {}: {} replays from offset {} (committed {})", name, tp, from.getAsLong(), committed);
      return Math.max(0, from.getAsLong());
    }
    return committed;
  }

  /** Reads state-topic partition {@code partition} to its end and hands it to the processor. */
  private void restore(int partition) {
    long start = System.nanoTime();
    TopicPartition tp = new TopicPartition(stateTopic, partition);
    List<StateRecord> records = new ArrayList<>();
    restoreConsumer.assign(List.of(tp));
    restoreConsumer.seekToBeginning(List.of(tp));
    // Read (read_committed) up to the high watermark, not the last stable offset: a transaction of a
    // previous owner whose commit markers are still on their way would otherwise be skipped, and
    // with it state that matches the committed input offset. An open transaction of a dead owner
    // holds the restore until it is aborted (at most its transaction timeout).
    // Assigned first: a consumer that asks for the end of a partition it does not hold logs a warning.
    highWatermarks.assign(List.of(tp));
    long end = highWatermarks.endOffsets(List.of(tp)).get(tp);
    long deadline = clock.millis() + restoreTimeout.toMillis();
    while (restoreConsumer.position(tp) < end) {
      if (clock.millis() > deadline) {
        throw new StageFailedException("stage " + name + ": restoring " + tp + " did not reach offset " + end
            + " within " + restoreTimeout);
      }
      for (ConsumerRecord<byte[], byte[]> rec : restoreConsumer.poll(MAX_POLL_WAIT)) {
        if (rec.key() != null) {
          records.add(new StateRecord(rec.key(), rec.value()));
        }
      }
    }
    restoreConsumer.unsubscribe();
    processor.restore(partition, records);
    restoreTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    log.info("stage {}: restored {} state records of partition {} in {} ms",
        name, records.size(), partition, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private void shutdown() {
    closing.set(true);
    consumer.wakeup();
    Thread t = pollThread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      closeClients();
    } finally {
      lock.unlock();
    }
    processingScheduler.dispose();
  }

  private void closeClients() {
    consumerMetrics.close();
    producerMetrics.close();
    try {
      producer.close(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      log.warn("stage {}: closing the producer failed: {}", name, e.toString());
    }
    try {
      highWatermarks.close();
    } catch (RuntimeException e) {
      log.warn("stage {}: closing the high-watermark consumer failed: {}", name, e.toString());
    }
    try {
      restoreConsumer.close();
    } catch (RuntimeException e) {
      log.warn("stage {}: closing the restore consumer failed: {}", name, e.toString());
    }
  }

  private record TaggedRecord(long epoch, InputRecord record) {}

  private record Batch(List<TaggedRecord> records, ConsumerGroupMetadata groupMetadata) {}
}
