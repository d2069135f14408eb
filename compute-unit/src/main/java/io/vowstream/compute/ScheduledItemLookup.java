package io.vowstream.compute;

import io.vowstream.dataitem.DataItems;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code On-Boot: <item id>} resolved against every item ever scheduled: a read model of the
 * assignments topic ({@code read_committed}, all partitions, from the beginning) holding each
 * scheduled item by id.
 *
 * <p>Determinism: a miss is only answered once the model has read every partition up to the end
 * offsets taken at the time of the lookup. The boot assignment being evaluated is itself
 * committed by then, so an item scheduled before it (on any process) is always found, and an item
 * that was never scheduled is never found. A model that cannot catch up within the timeout throws,
 * which aborts the batch so that it is retried, never answered differently. (A boot is not
 * replayed after a restore: a process's first checkpoint is written in the batch of its boot.)
 *
 * <p>Like the result index it keeps everything in memory; a persistent index is future work.
 */
final class ScheduledItemLookup implements ItemLookup, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScheduledItemLookup.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final String topic;
  private final Duration catchUpTimeout;
  private final Deserializer<ScheduledItem> decoder;
  private final KafkaConsumer<byte[], byte[]> reader;
  private final KafkaConsumer<byte[], byte[]> offsets;
  private final Map<String, DataItem> items = new ConcurrentHashMap<>();
  /** Next offset to read per partition, published after each poll's records are indexed. */
  private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Thread thread;

  ScheduledItemLookup(Map<String, Object> clientProperties, String topic, SchemaRegistryClient registry,
      Duration catchUpTimeout) {
    this.topic = topic;
    this.catchUpTimeout = catchUpTimeout;
    this.decoder = VowstreamSerdes.scheduledItem(registry).deserializer();
    Map<String, Object> c = new HashMap<>(clientProperties);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "cu-item-lookup");
    this.reader = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "cu-item-lookup-offsets");
    this.offsets = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "cu-item-lookup");
    this.thread.setDaemon(true);
  }

  ScheduledItemLookup start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      List<TopicPartition> tps = reader.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      reader.assign(tps);
      reader.seekToBeginning(tps);
      while (!closing.get()) {
        try {
          for (ConsumerRecord<byte[], byte[]> r : reader.poll(POLL)) {
            index(r);
          }
          for (TopicPartition tp : tps) {
            positions.put(tp.partition(), reader.position(tp));
          }
        } catch (WakeupException e) {
          // closing
        }
      }
    } catch (RuntimeException e) {
      if (!closing.get()) {
        log.error("item lookup stopped: {}", e.toString(), e);
      }
    } finally {
      reader.close();
    }
  }

  private void index(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return;
    }
    try {
      ScheduledItem s = decoder.deserialize(topic, r.value());
      if (s != null && s.getItem() != null) {
        items.putIfAbsent(DataItems.id(s.getItem()), s.getItem());
      }
    } catch (RuntimeException e) {
      log.debug("item lookup skips {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
    }
  }

  @Override
  public Optional<DataItem> find(String itemId) {
    DataItem found = items.get(itemId);
    if (found != null) {
      return Optional.of(found);
    }
    Map<TopicPartition, Long> ends;
    synchronized (offsets) {
      List<TopicPartition> tps = offsets.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      ends = offsets.endOffsets(tps); // read_committed: the last stable offsets
    }
    long deadline = System.nanoTime() + catchUpTimeout.toNanos();
    while (!caughtUp(ends)) {
      if (System.nanoTime() > deadline || closing.get()) {
        throw new IllegalStateException("the item lookup did not catch up with " + topic + " within "
            + catchUpTimeout + " to tell whether item " + itemId + " exists");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while looking up item " + itemId, e);
      }
    }
    return Optional.ofNullable(items.get(itemId));
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    for (var e : ends.entrySet()) {
      if (positions.getOrDefault(e.getKey().partition(), 0L) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return items.size();
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    reader.wakeup();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (offsets) {
      offsets.close();
    }
  }
}
