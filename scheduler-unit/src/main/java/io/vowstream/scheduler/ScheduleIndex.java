package io.vowstream.scheduler;

import io.vowstream.runtime.kafka.CommittedTopicReader;
import io.vowstream.schemas.ScheduledItem;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

  private final String topic;
  private final ScheduleCodec codec;
  private final CommittedTopicReader reader;

  ScheduleIndex(Map<String, Object> clientProperties, String topic, ScheduleCodec codec) {
    this.topic = topic;
    this.codec = codec;
    this.reader = new CommittedTopicReader(clientProperties, "su-index", List.of(topic), this::add);
  }

  void start() {
    reader.start();
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
    if (a.getMessageId() == null) {
      byItemId.put(a.getProcessId(), s);
    } else {
      // An assigned item is on more than one schedule: keep the first node read, and never let it
      // hide a process's own node (a spawn assigned to its target).
      byItemId.putIfAbsent(a.getMessageId(), s);
    }
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
    reader.close();
  }
}
