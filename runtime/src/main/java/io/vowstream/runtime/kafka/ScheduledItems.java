package io.vowstream.runtime.kafka;

import io.vowstream.dataitem.DataItems;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ScheduledItem;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every data item ever scheduled, by id: a read model of the assignments topic fed by a {@link
 * CommittedTopicReader} (so only committed schedules count). The CU resolves {@code On-Boot: <item
 * id>} with it, the MU the message of an outbox assignment.
 *
 * <p>Determinism: {@link #find} answers "not found" only after the reader has delivered every
 * record committed before the call ({@link CommittedTopicReader#awaitCaughtUp}). An item scheduled
 * before the record being processed (on any process) is therefore always found and an item never
 * scheduled never is; a reader that cannot catch up makes {@code find} throw, which aborts the
 * caller's batch so that it is retried rather than answered differently.
 *
 * <p>It keeps everything in memory; a persistent index is future work.
 */
public final class ScheduledItems {
  private static final Logger log = LoggerFactory.getLogger(ScheduledItems.class);

  private final String topic;
  private final Deserializer<ScheduledItem> decoder;
  private final Duration catchUpTimeout;
  private final Map<String, DataItem> items = new ConcurrentHashMap<>();
  private volatile @Nullable CommittedTopicReader reader;

  /**
   * @param topic the assignments topic
   * @param decoder the {@code ScheduledItem} value deserializer
   * @param catchUpTimeout how long a miss may wait for the reader before {@link #find} throws
   */
  public ScheduledItems(String topic, Deserializer<ScheduledItem> decoder, Duration catchUpTimeout) {
    this.topic = topic;
    this.decoder = decoder;
    this.catchUpTimeout = catchUpTimeout;
  }

  /**
   * The reader that calls {@link #read} with the records of the topic; its progress decides when a
   * miss is final. Set once, before the first {@link #find}.
   */
  public ScheduledItems readBy(CommittedTopicReader reader) {
    this.reader = Objects.requireNonNull(reader);
    return this;
  }

  /** Indexes the item of one record of the topic (a sink for {@link CommittedTopicReader}). */
  public void read(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null || !r.topic().equals(topic)) {
      return;
    }
    try {
      ScheduledItem s = decoder.deserialize(topic, r.value());
      if (s != null && s.getItem() != null) {
        items.putIfAbsent(DataItems.id(s.getItem()), s.getItem());
      }
    } catch (RuntimeException e) {
      log.warn("scheduled items: skipping the undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
          e.toString());
    }
  }

  /**
   * The scheduled item with this id; empty only when no item of that id was committed before the
   * call.
   *
   * @throws IllegalStateException when that cannot be told within the timeout (see the class docs)
   */
  public Optional<DataItem> find(String itemId) {
    DataItem found = items.get(itemId);
    if (found != null) {
      return Optional.of(found);
    }
    CommittedTopicReader r = reader;
    if (r == null) {
      throw new IllegalStateException("scheduled items of " + topic + " have no reader to tell whether item "
          + itemId + " exists");
    }
    r.awaitCaughtUp(topic, catchUpTimeout);
    return Optional.ofNullable(items.get(itemId));
  }

  /** Items indexed so far. */
  public int size() {
    return items.size();
  }
}
