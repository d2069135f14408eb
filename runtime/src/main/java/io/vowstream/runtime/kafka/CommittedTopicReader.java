package io.vowstream.runtime.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads whole topics from their beginning with {@code read_committed} on a daemon thread and hands
 * every record to a callback: the feed of the units' in-memory read models (schedules, results,
 * traces). It never joins a consumer group and commits nothing, so every instance sees everything,
 * and aborted transactions are never shown.
 *
 * <p>The callback runs on the reader's thread; an exception from it is logged with the record's
 * position and the record is skipped, so one bad record cannot stop a read model.
 */
public final class CommittedTopicReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommittedTopicReader.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<String> topics;
  private final Consumer<ConsumerRecord<byte[], byte[]>> sink;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Thread thread;

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

  /** Stops the thread and closes the consumer; waits up to 10 s. Idempotent. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
