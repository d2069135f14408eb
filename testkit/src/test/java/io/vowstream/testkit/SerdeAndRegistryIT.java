package io.vowstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.registry.SchemaRegistryServer;
import io.vowstream.schemas.serde.VowstreamAvroDeserializer;
import io.vowstream.schemas.serde.VowstreamAvroSerializer;
import io.vowstream.schemas.serde.VowstreamSerdeConfig;
import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Every schema type through a real broker with the project's serializer and deserializer,
 * registering in the embedded registry; then the registry restarts and two instances share one
 * topic.
 */
class SerdeAndRegistryIT {

  @Test
  void everySchemaTypeRoundTripsThroughKafkaAndTheSharedRegistry() {
    // One topic per type: like Confluent, a subject only takes compatible versions of one schema.
    for (SpecificRecord value : Samples.all(1)) {
      String topic = TestKafka.uniqueTopic(value.getSchema().getName());
      TestKafka.createTopics(topic);
      produce(topic, TestRegistry.url(), List.of(value));

      ConsumerRecord<Object, Object> received = consume(topic, TestRegistry.url(), 1).getFirst();
      assertThat(received.value()).isEqualTo(value).isInstanceOf(value.getClass());
      assertThat(received.key()).isEqualTo("process-1");
      try (SchemaRegistryClient client = HttpSchemaRegistryClient.builder(TestRegistry.url()).build()) {
        assertThat(client.latestVersion(topic + "-value").schema()).isEqualTo(value.getSchema());
        assertThat(client.latestVersion(topic + "-key").schema()).isEqualTo(Schema.create(Schema.Type.STRING));
      }
    }
  }

  @Test
  void idsWrittenThroughOneRegistryInstanceResolveAfterItRestarts() {
    String schemasTopic = TestKafka.uniqueTopic("_schemas-restart");
    String topic = TestKafka.uniqueTopic("restart");
    TestKafka.createTopics(topic);
    // Two data items on one topic: one value schema id, written while the first instance ran.
    List<SpecificRecord> sent = List.of(Samples.all(2).get(1), Samples.all(3).get(1));
    Map<Integer, String> schemaById = new LinkedHashMap<>();

    try (SchemaRegistryServer first = TestRegistry.startServer(TestKafka.bootstrapServers(), schemasTopic)) {
      produce(topic, first.url(), sent);
      try (SchemaRegistryClient client = HttpSchemaRegistryClient.builder(first.url()).build()) {
        for (int id : idsIn(topic, sent.size())) {
          schemaById.put(id, client.schemaById(id).toString());
        }
      }
    }
    assertThat(schemaById).isNotEmpty();

    try (SchemaRegistryServer second = TestRegistry.startServer(TestKafka.bootstrapServers(), schemasTopic);
        SchemaRegistryClient client = HttpSchemaRegistryClient.builder(second.url()).build()) {
      schemaById.forEach((id, schema) -> assertThat(client.schemaById(id).toString()).as("schema id " + id).isEqualTo(schema));
      List<ConsumerRecord<Object, Object>> received = consume(topic, second.url(), sent.size());
      assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
    }
  }

  @Test
  void twoInstancesOnOneTopicAgreeOnIdsVersionsAndVerdicts() {
    String schemasTopic = TestKafka.uniqueTopic("_schemas-pair");
    Schema v1 = SchemaBuilder.record("Pair").namespace("test").fields().requiredString("a").endRecord();
    Schema v2 = SchemaBuilder.record("Pair").namespace("test").fields().requiredString("a")
        .name("b").type().intType().intDefault(0).endRecord();
    Schema incompatible = SchemaBuilder.record("Pair").namespace("test").fields().requiredInt("a").endRecord();
    try (SchemaRegistryServer a = TestRegistry.startServer(TestKafka.bootstrapServers(), schemasTopic);
        SchemaRegistryServer b = TestRegistry.startServer(TestKafka.bootstrapServers(), schemasTopic);
        SchemaRegistryClient onA = HttpSchemaRegistryClient.builder(a.url()).build();
        SchemaRegistryClient onB = HttpSchemaRegistryClient.builder(b.url()).build()) {
      int id1 = onA.register("pair-value", v1);
      assertThat(onB.register("pair-value", v1)).isEqualTo(id1);
      int id2 = onB.register("pair-value", v2);
      assertThat(id2).isNotEqualTo(id1);
      assertThat(onA.schemaById(id2)).isEqualTo(v2);
      assertThat(onA.versions("pair-value")).containsExactly(1, 2);
      assertThat(onA.latestVersion("pair-value").id()).isEqualTo(id2);
      assertThatThrownBy(() -> onA.register("pair-value", incompatible))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409));
      assertThatThrownBy(() -> onB.register("pair-value", incompatible))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409));
      assertThat(onB.versions("pair-value")).containsExactly(1, 2);
    }
  }

  private static void produce(String topic, String registryUrl, List<SpecificRecord> values) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, VowstreamAvroSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, VowstreamAvroSerializer.class.getName());
    config.put(VowstreamSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(config)) {
      for (SpecificRecord v : values) {
        producer.send(new ProducerRecord<>(topic, "process-1", v));
      }
      producer.flush();
    }
  }

  private static List<ConsumerRecord<Object, Object>> consume(String topic, String registryUrl, int count) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, VowstreamAvroDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, VowstreamAvroDeserializer.class.getName());
    config.put(VowstreamSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueTopic("reader"));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<Object, Object>> out = new ArrayList<>();
    try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (out.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    assertThat(out).as("records read back from " + topic).hasSize(count);
    return out;
  }

  /** The schema ids in the Confluent framing of the topic's values, read as raw bytes. */
  private static List<Integer> idsIn(String topic, int count) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueTopic("raw"),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Integer> ids = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ids.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          ByteBuffer value = ByteBuffer.wrap(r.value());
          assertThat(value.get()).as("Confluent magic byte").isZero();
          ids.add(value.getInt());
        }
      }
    }
    assertThat(ids).hasSize(count);
    return ids.stream().distinct().toList();
  }
}
