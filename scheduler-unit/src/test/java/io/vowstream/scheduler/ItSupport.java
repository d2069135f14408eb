package io.vowstream.scheduler;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.testkit.TestKafka;
import io.vowstream.testkit.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics, items, producers and read-back for the real-broker tests. */
final class ItSupport implements AutoCloseable {
  final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final String schedule = "schedule-" + suffix;
  final String assignments = "assignments-" + suffix;
  final String rejected = "rejected-" + suffix;
  final String state = "su-state-" + suffix;
  final int partitions;
  final SchemaRegistryClient registry = HttpSchemaRegistryClient.builder(TestRegistry.url()).build();
  final ScheduleCodec codec = new ScheduleCodec(registry);
  final Signer user;
  final KafkaProducer<byte[], byte[]> producer;
  private int serial;

  ItSupport(int partitions) {
    this.partitions = partitions;
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    this.user = Signer.ed25519(seed);
    TestKafka.createTopics(partitions, Map.of(), schedule);
    this.producer = newProducer();
  }

  static KafkaProducer<byte[], byte[]> newProducer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Settings for a unit on these topics. */
  Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS.name(), TestKafka.bootstrapServers());
    s.put(VowstreamConfig.SCHEMA_REGISTRY_URL.name(), TestRegistry.url());
    s.put(VowstreamConfig.TOPIC_SCHEDULE.name(), schedule);
    s.put(VowstreamConfig.TOPIC_ASSIGNMENTS.name(), assignments);
    s.put(VowstreamConfig.TOPIC_REJECTED.name(), rejected);
    s.put(VowstreamConfig.SU_STATE_TOPIC.name(), state);
    s.put(VowstreamConfig.TOPIC_PARTITIONS.name(), Integer.toString(partitions));
    s.put(VowstreamConfig.SU_GROUP_ID.name(), "su-" + suffix);
    s.put(VowstreamConfig.SU_TRANSACTIONAL_ID.name(), "su-tx-" + suffix);
    s.put(VowstreamConfig.SU_HTTP_PORT.name(), "0");
    s.put(VowstreamConfig.KAFKA_CLIENT_PREFIX + "session.timeout.ms", "6000");
    s.put(VowstreamConfig.KAFKA_CLIENT_PREFIX + "heartbeat.interval.ms", "1000");
    return s;
  }

  VowstreamConfig config() {
    return VowstreamConfig.resolve(settings(), new Properties(), Map.of(), null);
  }

  synchronized DataItem process() {
    return DataItems.sign(user, null, null, List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Process"),
        new Tag("Module", "m".repeat(43)), new Tag("Scheduler", "su"), new Tag("Serial", Integer.toString(serial++))),
        new byte[0]);
  }

  synchronized DataItem message(String pid) {
    return DataItems.sign(user, Base64Url.decode(pid), null, List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Message"), new Tag("Serial", Integer.toString(serial++))),
        ("hello " + serial).getBytes(StandardCharsets.UTF_8));
  }

  /** Sends an item keyed by its process id (the default partitioner then picks the partition). */
  void send(DataItem item) {
    String pid = "Process".equals(DataItems.tag(item, "Type").orElse("")) ? DataItems.id(item)
        : DataItems.targetId(item).orElseThrow();
    sendRaw(codec.key.serializer().serialize(schedule, pid), codec.dataItem.serializer().serialize(schedule, item));
  }

  void sendRaw(byte[] key, byte[] value) {
    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(schedule, key, value));
  }

  /** Reads {@code topic} with read_committed until {@code done} holds for what was read, or the timeout. */
  List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Duration timeout,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
    return io.vowstream.testkit.CommittedRecords.readUntil(topic, timeout, done);
  }

  List<ScheduledItem> scheduled(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> codec.scheduledItem.deserializer().deserialize(assignments, r.value())).toList();
  }

  @Override
  public void close() {
    producer.close();
    registry.close();
  }
}
