package io.vowstream.runtime.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads whole topics from their beginning with {@code read_committed} on a daemon thread and hands
 * every record to a callback: the feed of the units' in-memory read models (schedules, results,
 * traces). It never joins a consumer group and commits nothing, so every instance sees everything,
 * and aborted transactions are never shown.
 *
 * <p>The callback runs on the reader's thread; an exception from it is logged with the record's
 * position and the record is skipped, so one bad record cannot stop a read model. {@link
 * #awaitCaughtUp} lets a read model answer "not found" deterministically.
 */
public final class CommittedTopicReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommittedTopicReader.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<String> topics;
  private final Consumer<ConsumerRecord<byte[], byte[]>> sink;
  private final Map<String, Object> offsetClientProperties;
  /** Next offset to deliver per partition, published after each poll's records went to the sink. */
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Thread thread;
  // Asks for end offsets on the caller's thread (the reading consumer belongs to the reader's thread).
  private final Object offsetsLock = new Object();
  private @Nullable KafkaConsumer<byte[], byte[]> offsets;

  /**
   * @param clientProperties connection properties (bootstrap servers, security); group, isolation
   *     and auto-commit settings are set here
   * @param name the thread's and client's name, for logs
   */
  public CommittedTopicReader(Map<String, Object> clientProperties, String name, List<String> topics,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    Map<String, Object> c = new HashMap<>(clientProperties);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
    this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-offsets");
    this.offsetClientProperties = c;
    this.topics = List.copyOf(topics);
    this.sink = Objects.requireNonNull(sink);
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /** Starts reading; returns at once. */
  public CommittedTopicReader start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      List<TopicPartition> tps = new ArrayList<>();
      for (String topic : topics) {
        consumer.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      while (!closing.get()) {
        try {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            deliver(r);
          }
          for (TopicPartition tp : tps) {
            positions.put(tp, consumer.position(tp));
          }
        } catch (WakeupException e) {
          // closing
        }
      }
    } catch (RuntimeException e) {
      if (!closing.get()) {
        log.error("reader {} stopped: {}", thread.getName(), e.toString(), e);
      }
    } finally {
      consumer.close();
    }
  }

  private void deliver(ConsumerRecord<byte[], byte[]> r) {
    try {
      sink.accept(r);
    } catch (RuntimeException e) {
      log.warn("reader {}: skipping {}-{}@{}: {}", thread.getName(), r.topic(), r.partition(), r.offset(),
          e.toString());
    }
  }

  /**
   * Blocks until every record of {@code topic} committed before this call has been handed to the
   * sink: the end offsets ({@code read_committed}: the last stable offsets) are taken now, then the
   * reader's positions are awaited. What the sink has not seen by then was not committed before the
   * call, which makes "not found" a deterministic answer for read models fed by this reader.
   *
   * @throws IllegalStateException when the reader does not get there within {@code timeout}, is
   *     closed or was interrupted: the caller cannot tell, and must not guess
   */
  public void awaitCaughtUp(String topic, Duration timeout) {
    if (!topics.contains(topic)) {
      throw new IllegalArgumentException("reader " + thread.getName() + " does not read " + topic);
    }
    Map<TopicPartition, Long> ends;
    synchronized (offsetsLock) {
      if (closing.get()) {
        throw new IllegalStateException("reader " + thread.getName() + " is closed");
      }
      if (offsets == null) {
        offsets = new KafkaConsumer<>(offsetClientProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      }
      List<TopicPartition> tps = offsets.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      ends = offsets.endOffsets(tps);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!caughtUp(ends)) {
      if (System.nanoTime() > deadline || closing.get()) {
        throw new IllegalStateException("reader " + thread.getName() + " did not catch up with " + topic + " within "
            + timeout + (closing.get() ? " (closed)" : ""));
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for reader " + thread.getName(), e);
      }
    }
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    for (var e : ends.entrySet()) {
      if (positions.getOrDefault(e.getKey(), 0L) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Stops the thread and closes the consumers; waits up to 10 s. Idempotent. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(); // never started: the thread that would close it will not run
    } else {
      consumer.wakeup();
      try {
        thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (offsetsLock) {
      if (offsets != null) {
        offsets.close();
      }
    }
  }
}
