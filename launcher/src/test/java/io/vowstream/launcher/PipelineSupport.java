package io.vowstream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamSerdes;
import io.vowstream.testkit.TestKafka;
import io.vowstream.testkit.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * Topics, settings, items, HTTP and read-back for whole-pipeline tests: every instance has its own
 * topics, groups and transactional ids (a random suffix), so tests never see each other's records.
 */
final class PipelineSupport implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final String ingress = "ingress-" + suffix;
  final String schedule = "schedule-" + suffix;
  final String assignments = "assignments-" + suffix;
  final String results = "results-" + suffix;
  final String rejected = "rejected-" + suffix;
  final int partitions;
  final SchemaRegistryClient registry = HttpSchemaRegistryClient.builder(TestRegistry.url()).build();
  final Serde<String> key = VowstreamSerdes.stringKey(registry);
  final Serde<DataItem> dataItem = VowstreamSerdes.dataItem(registry);
  final Serde<ScheduledItem> scheduledItem = VowstreamSerdes.scheduledItem(registry);
  final Serde<Result> result = VowstreamSerdes.result(registry);
  final Serde<Rejection> rejection = VowstreamSerdes.rejection(registry);
  final SigningKey user = newKey();
  final SecureRandom random = new SecureRandom();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private KafkaProducer<byte[], byte[]> producer;

  PipelineSupport(int partitions) {
    this.partitions = partitions;
    TestKafka.createTopics(partitions, Map.of(), ingress, schedule, assignments, results, rejected);
  }

  static SigningKey newKey() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return Signer.ed25519(seed);
  }

  /** Settings for one MU, SU and CU on these topics (HTTP on free ports). */
  Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS.name(), TestKafka.bootstrapServers());
    s.put(VowstreamConfig.SCHEMA_REGISTRY_URL.name(), TestRegistry.url());
    s.put(VowstreamConfig.TOPIC_INGRESS.name(), ingress);
    s.put(VowstreamConfig.TOPIC_SCHEDULE.name(), schedule);
    s.put(VowstreamConfig.TOPIC_ASSIGNMENTS.name(), assignments);
    s.put(VowstreamConfig.TOPIC_RESULTS.name(), results);
    s.put(VowstreamConfig.TOPIC_REJECTED.name(), rejected);
    s.put(VowstreamConfig.TOPIC_PARTITIONS.name(), Integer.toString(partitions));
    s.put(VowstreamConfig.SU_STATE_TOPIC.name(), "su-state-" + suffix);
    s.put(VowstreamConfig.SU_GROUP_ID.name(), "su-" + suffix);
    s.put(VowstreamConfig.SU_TRANSACTIONAL_ID.name(), "su-tx-" + suffix);
    s.put(VowstreamConfig.SU_HTTP_PORT.name(), "0");
    s.put(VowstreamConfig.CU_STATE_TOPIC.name(), "cu-state-" + suffix);
    s.put(VowstreamConfig.CU_GROUP_ID.name(), "cu-" + suffix);
    s.put(VowstreamConfig.CU_TRANSACTIONAL_ID.name(), "cu-tx-" + suffix);
    s.put(VowstreamConfig.CU_HTTP_PORT.name(), "0");
    s.put(VowstreamConfig.MU_INGRESS_STATE_TOPIC.name(), "mu-ingress-state-" + suffix);
    s.put(VowstreamConfig.MU_CRANK_STATE_TOPIC.name(), "mu-crank-state-" + suffix);
    s.put(VowstreamConfig.MU_INGRESS_GROUP_ID.name(), "mu-ingress-" + suffix);
    s.put(VowstreamConfig.MU_CRANK_GROUP_ID.name(), "mu-crank-" + suffix);
    s.put(VowstreamConfig.MU_INGRESS_TRANSACTIONAL_ID.name(), "mu-ingress-tx-" + suffix);
    s.put(VowstreamConfig.MU_CRANK_TRANSACTIONAL_ID.name(), "mu-crank-tx-" + suffix);
    s.put(VowstreamConfig.MU_HTTP_PORT.name(), "0");
    s.put(VowstreamConfig.MU_DIRECTORY_WAIT_MS.name(), "20000");
    s.put(VowstreamConfig.KAFKA_CLIENT_PREFIX + "session.timeout.ms", "6000");
    s.put(VowstreamConfig.KAFKA_CLIENT_PREFIX + "heartbeat.interval.ms", "1000");
    return s;
  }

  static VowstreamConfig config(Map<String, String> settings) {
    return VowstreamConfig.resolve(settings, new Properties(), Map.of(), null);
  }

  // ---- items ----

  DataItem process(String module, String boot, Tag... extra) {
    return Items.process(user, module, "su", boot, List.of(extra), random);
  }

  DataItem message(String target, Tag... tags) {
    return Items.message(user, target, List.of(tags), new byte[0], random);
  }

  // ---- HTTP ----

  HttpResponse<String> post(String muUrl, DataItem item) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(muUrl + "/")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Ans104.encode(item))).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(String url) throws Exception {
    HttpResponse<String> r = get(url);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Polls {@code url} until its JSON answer satisfies {@code done}; fails with the last answer. */
  JsonNode awaitJson(String url, Duration timeout, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (true) {
      try {
        HttpResponse<String> r = get(url);
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() == 200) {
          JsonNode n = JSON.readTree(r.body());
          if (done.test(n)) {
            return n;
          }
        }
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("GET " + url + " did not reach the expected answer within " + timeout + "; last: " + last);
      }
      Thread.sleep(200);
    }
  }

  // ---- Kafka ----

  synchronized KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> p = new HashMap<>();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  void send(String topic, String k, byte[] value) throws Exception {
    producer().send(new ProducerRecord<>(topic, key.serializer().serialize(topic, k), value)).get();
  }

  /** Records of {@code topic} from the beginning ({@code read_committed}) until {@code done} holds or the time is up. */
  static List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Duration timeout,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
    return io.vowstream.testkit.CommittedRecords.readUntil(topic, timeout, done);
  }

  /** Everything committed to {@code topic} so far (reads until the end offsets seen at the start). */
  static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    return io.vowstream.testkit.CommittedRecords.readAll(topic);
  }

  List<ScheduledItem> scheduled(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> scheduledItem.deserializer().deserialize(assignments, r.value())).toList();
  }

  List<Result> results(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> result.deserializer().deserialize(results, r.value())).toList();
  }

  List<Rejection> rejections(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> rejection.deserializer().deserialize(rejected, r.value())).toList();
  }

  /** The message id an assignment schedules: the process id for a process's own assignment. */
  static String itemId(ScheduledItem s) {
    return DataItems.id(s.getItem());
  }

  static Map<String, String> tags(DataItem item) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Tag t : item.getTags()) {
      m.putIfAbsent(t.getName(), t.getValue());
    }
    return m;
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close();
    }
    registry.close();
  }
}
