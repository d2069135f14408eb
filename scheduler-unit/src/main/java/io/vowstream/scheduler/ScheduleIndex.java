package io.vowstream.scheduler;

import io.vowstream.runtime.kafka.CommittedTopicReader;
import io.vowstream.schemas.ScheduledItem;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of the HTTP API: an in-memory index of {@code vowstream.assignments}, read with
 * {@code read_committed} from the beginning of every partition, so that it only ever shows
 * committed schedules (never an aborted transaction's assignments). It holds every scheduled
 * record's bytes in memory — fine for a development unit and the tests; a persistent index is
 * future work.
 *
 * <p>It runs in the SU's process beside the stage, so indexing must be cheap: a record written
 * with this build's {@code ScheduledItem} schema is indexed by reading only the leading fields it
 * is keyed by (assignment id, process, nonce, message id) straight from the Avro bytes; the whole
 * record is decoded when a query asks for it. A record of another schema is decoded in full.
 */
final class ScheduleIndex implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScheduleIndex.class);

  /** One indexed record: its bytes, decoded when a query needs them. */
  final class Entry {
    private final byte[] value;
    private final @Nullable String messageId;

    private Entry(byte[] value, @Nullable String messageId) {
      this.value = value;
      this.messageId = messageId;
    }

    ScheduledItem item() {
      return codec.scheduledItem.deserializer().deserialize(topic, value);
    }
  }

  /** The fields a record is indexed by. */
  record Head(String assignmentId, String processId, long nonce, @Nullable String messageId) {}

  private final Map<String, NavigableMap<Long, Entry>> byProcess = new ConcurrentHashMap<>();
  private final Map<String, Entry> byItemId = new ConcurrentHashMap<>();
  /** Schema id → whether it is this build's {@code ScheduledItem} schema (the fast path applies). */
  private final Map<Integer, Boolean> currentSchema = new ConcurrentHashMap<>();
  private final AtomicLong indexed = new AtomicLong();

  private final String topic;
  private final ScheduleCodec codec;
  private final CommittedTopicReader reader;

  ScheduleIndex(Map<String, Object> clientProperties, String topic, ScheduleCodec codec) {
    this.topic = topic;
    this.codec = codec;
    this.reader = new CommittedTopicReader(clientProperties, "su-index", List.of(topic), this::read);
  }

  void start() {
    reader.start();
  }

  /** Indexes one record of the topic (the reader's sink). */
  void read(ConsumerRecord<byte[], byte[]> r) {
    byte[] value = r.value();
    if (value == null) {
      return;
    }
    Head head = readHead(value);
    if (head == null) {
      try {
        ScheduledItem s = codec.scheduledItem.deserializer().deserialize(topic, value);
        if (s == null) {
          return;
        }
        var a = s.getAssignment();
        head = new Head(a.getId(), a.getProcessId(), a.getNonce(), a.getMessageId());
      } catch (RuntimeException e) {
        log.warn("skipping an undecodable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
        return;
      }
    }
    add(head, new Entry(value, head.messageId()));
  }

  /** Indexes {@code s} as if it had been read from the topic (tests). */
  void add(ScheduledItem s) {
    byte[] value = codec.scheduledItem.serializer().serialize(topic, s);
    var a = s.getAssignment();
    add(new Head(a.getId(), a.getProcessId(), a.getNonce(), a.getMessageId()), new Entry(value, a.getMessageId()));
  }

  private void add(Head h, Entry e) {
    byProcess.computeIfAbsent(h.processId(), k -> new ConcurrentSkipListMap<>()).put(h.nonce(), e);
    byItemId.put(h.assignmentId(), e);
    if (h.messageId() == null) {
      byItemId.put(h.processId(), e);
    } else {
      // An assigned item is on more than one schedule: keep the first node read, and never let it
      // hide a process's own node (a spawn assigned to its target).
      byItemId.putIfAbsent(h.messageId(), e);
    }
    indexed.incrementAndGet();
  }

  /**
   * The leading fields of a record written with this build's schema ({@code Assignment}: id,
   * processId, epoch, nonce, hashChain, blockHeight, timestamp, messageId, …), or null when the
   * record is of another schema or does not parse, and must be decoded in full.
   */
  @Nullable Head readHead(byte[] value) {
    if (value.length < 5 || value[0] != 0) {
      return null;
    }
    int schemaId = ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
    if (!currentSchema.computeIfAbsent(schemaId, this::isCurrentSchema)) {
      return null;
    }
    try {
      BinaryDecoder d = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
      String assignmentId = d.readString();
      String processId = d.readString();
      d.readLong(); // epoch
      long nonce = d.readLong();
      d.skipString(); // hashChain
      d.readLong(); // blockHeight
      d.readLong(); // timestamp
      String messageId = d.readIndex() == 1 ? d.readString() : null;
      return new Head(assignmentId, processId, nonce, messageId);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private boolean isCurrentSchema(int schemaId) {
    try {
      return codec.registry.schemaById(schemaId).equals(ScheduledItem.getClassSchema());
    } catch (RuntimeException e) {
      return false; // decoded in full, which reports the problem
    }
  }

  /** The process's schedule, nonce → entry; empty when unknown. */
  NavigableMap<Long, Entry> schedule(String pid) {
    NavigableMap<Long, Entry> m = byProcess.get(pid);
    return m == null ? new java.util.TreeMap<>() : m;
  }

  /** The process's own assignment (nonce 0 without a message id). */
  Optional<ScheduledItem> process(String pid) {
    Entry e = byItemId.get(pid);
    return e != null && e.messageId == null ? Optional.of(e.item()) : Optional.empty();
  }

  Optional<ScheduledItem> item(String id) {
    Entry e = byItemId.get(id);
    return e == null ? Optional.empty() : Optional.of(e.item());
  }

  long indexedCount() {
    return indexed.get();
  }

  @Override
  public void close() {
    reader.close();
  }
}
