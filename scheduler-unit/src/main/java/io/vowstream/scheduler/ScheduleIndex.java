package io.vowstream.scheduler;

import io.vowstream.schemas.ScheduledItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of the HTTP API: an in-memory index of {@code vowstream.assignments}, read with
 * {@code read_committed} from the beginning of every partition, so that it only ever shows
 * committed schedules (never an aborted transaction's assignments). It holds every scheduled item
 * in memory — fine for a development unit and the tests; a persistent index is future work.
 */
final class ScheduleIndex implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScheduleIndex.class);

  private final Map<String, NavigableMap<Long, ScheduledItem>> byProcess = new ConcurrentHashMap<>();
  private final Map<String, ScheduledItem> byItemId = new ConcurrentHashMap<>();
  private final AtomicLong indexed = new AtomicLong();

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final ScheduleCodec codec;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Thread thread;

  ScheduleIndex(Map<String, Object> clientProperties, String topic, ScheduleCodec codec) {
    Map<String, Object> c = new HashMap<>(clientProperties);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "su-index");
    this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.codec = codec;
    this.thread = new Thread(this::run, "su-index");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> tps = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      while (!closing.get()) {
        try {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            add(r);
          }
        } catch (WakeupException e) {
          // closing
        }
      }
    } catch (RuntimeException e) {
      if (!closing.get()) {
        log.error("the schedule index stopped: {}", e.toString(), e);
      }
    } finally {
      consumer.close();
    }
  }

  private void add(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return;
    }
    ScheduledItem s;
    try {
      s = codec.scheduledItem.deserializer().deserialize(topic, r.value());
    } catch (RuntimeException e) {
      log.warn("skipping an undecodable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
      return;
    }
    if (s == null) {
      return;
    }
    add(s);
  }

  void add(ScheduledItem s) {
    var a = s.getAssignment();
    byProcess.computeIfAbsent(a.getProcessId(), k -> new ConcurrentSkipListMap<>()).put(a.getNonce(), s);
    byItemId.put(a.getId(), s);
    byItemId.put(a.getMessageId() == null ? a.getProcessId() : a.getMessageId(), s);
    indexed.incrementAndGet();
  }

  /** The process's schedule, nonce → entry; empty when unknown. */
  NavigableMap<Long, ScheduledItem> schedule(String pid) {
    NavigableMap<Long, ScheduledItem> m = byProcess.get(pid);
    return m == null ? new java.util.TreeMap<>() : m;
  }

  /** The process's own assignment (nonce 0 without a message id). */
  Optional<ScheduledItem> process(String pid) {
    ScheduledItem s = byItemId.get(pid);
    return s != null && s.getAssignment().getMessageId() == null ? Optional.of(s) : Optional.empty();
  }

  Optional<ScheduledItem> item(String id) {
    return Optional.ofNullable(byItemId.get(id));
  }

  long indexedCount() {
    return indexed.get();
  }

  @Override
  public void close() {
    closing.set(true);
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
