package io.vowstream.registry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CommandLog} on a single-partition compacted Kafka topic.
 *
 * <p>Every record key is unique, so compaction never drops or reorders a command; the topic is
 * compacted only so that it stays a legal home for keyed records under the usual "_schemas"
 * conventions and never expires by retention time.
 */
public final class KafkaCommandLog implements CommandLog {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaCommandLog.class);

  private final String topic;
  private final TopicPartition partition;
  private final Map<String, Object> clientProperties;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;

  private KafkaCommandLog(String topic, Map<String, Object> clientProperties, Admin admin,
      KafkaProducer<byte[], byte[]> producer) {
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    this.clientProperties = clientProperties;
    this.admin = admin;
    this.producer = producer;
  }

  /**
   * Connects to the cluster, creates the topic when it is absent and checks it when it exists.
   *
   * @param clientProperties passed to every client (bootstrap servers, security settings)
   */
  public static KafkaCommandLog open(String topic, Map<String, Object> clientProperties,
      Duration timeout) {
    Map<String, Object> base = Map.copyOf(clientProperties);
    Map<String, Object> adminProps = new HashMap<>(base);
    adminProps.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "vowstream-registry-admin");
    Admin admin = Admin.create(adminProps);
    try {
      ensureTopic(admin, topic, timeout);
      Map<String, Object> producerProps = new HashMap<>(base);
      producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
      producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      producerProps.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vowstream-registry-producer");
      producerProps.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
      KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
      return new KafkaCommandLog(topic, base, admin, producer);
    } catch (RuntimeException e) {
      admin.close(Duration.ofSeconds(5));
      throw e;
    }
  }

  private static void ensureTopic(Admin admin, String topic, Duration timeout) {
    try {
      int brokers = admin.describeCluster().nodes().get(millis(timeout), TimeUnit.MILLISECONDS).size();
      short replication = (short) Math.max(1, Math.min(3, brokers));
      NewTopic wanted = new NewTopic(topic, 1, replication)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      try {
        admin.createTopics(List.of(wanted)).all().get(millis(timeout), TimeUnit.MILLISECONDS);
        LOG.info("Created schema topic '{}' (compacted, 1 partition, replication factor {})",
            topic, replication);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
          .get(millis(timeout), TimeUnit.MILLISECONDS).get(topic);
      if (description.partitions().size() != 1) {
        // Ordering across partitions is undefined, and the state machine needs one total order.
        throw new IllegalStateException("Schema topic '" + topic + "' has "
            + description.partitions().size() + " partitions; the registry needs exactly 1");
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not create or check schema topic '" + topic + "': "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new LogTimeoutException("Kafka did not answer within " + timeout
          + " while creating or checking schema topic '" + topic + "'", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while preparing schema topic '" + topic + "'", e);
    }
  }

  @Override
  public long append(byte[] key, byte[] value, Duration timeout) {
    try {
      return producer.send(new ProducerRecord<>(topic, 0, key, value))
          .get(millis(timeout), TimeUnit.MILLISECONDS).offset();
    } catch (TimeoutException e) {
      throw new LogTimeoutException("Kafka did not acknowledge a write to '" + topic + "' within "
          + timeout, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka refused a write to '" + topic + "': "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while writing to '" + topic + "'", e);
    }
  }

  @Override
  public long endOffset(Duration timeout) {
    try {
      return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
          .get(millis(timeout), TimeUnit.MILLISECONDS).offset();
    } catch (TimeoutException e) {
      throw new LogTimeoutException("Kafka did not report the end of '" + topic + "' within "
          + timeout, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not read the end offset of '" + topic + "': "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading the end of '" + topic + "'", e);
    }
  }

  @Override
  public Reader openReader() {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG); // manual assignment: every instance reads it all
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "vowstream-registry-reader");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
    consumer.assign(List.of(partition));
    return new KafkaReader(consumer);
  }

  @Override
  public String describe() {
    return "topic '" + topic + "'";
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }

  private final class KafkaReader implements Reader {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private long expected = -1; // the position this reader last left the consumer at

    KafkaReader(KafkaConsumer<byte[], byte[]> consumer) {
      this.consumer = consumer;
    }

    @Override
    public Batch poll(long fromOffset, Duration maxWait) {
      if (fromOffset != expected) {
        consumer.seek(partition, fromOffset);
      }
      // Unknown until this poll completes: if it fails half-way, the next poll must seek again.
      expected = -1;
      try {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(maxWait);
        List<Entry> entries = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records.records(partition)) {
          entries.add(new Entry(r.offset(), r.key() == null ? new byte[0] : r.key(),
              r.value() == null ? new byte[0] : r.value()));
        }
        // The position, not last offset + 1, so that gaps (control records) are skipped too.
        long next = consumer.position(partition, maxWait.plusSeconds(30));
        expected = next;
        return new Batch(entries, next);
      } catch (WakeupException e) {
        return new Batch(List.of(), fromOffset);
      }
    }

    @Override
    public void wakeup() {
      consumer.wakeup();
    }

    @Override
    public void close() {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private static long millis(Duration d) {
    return Math.max(1, d.toMillis());
  }
}
