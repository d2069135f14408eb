package io.vowstream.messenger;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.HashChain;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.testkit.TestKafka;
import io.vowstream.testkit.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
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

/** Topics, items, producers, HTTP and read-back for the MU's real-broker tests. */
final class MuItSupport implements AutoCloseable {
  final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final String ingress = "ingress-" + suffix;
  final String schedule = "schedule-" + suffix;
  final String assignments = "assignments-" + suffix;
  final String results = "results-" + suffix;
  final String rejected = "rejected-" + suffix;
  final int partitions;
  final SchemaRegistryClient registry = HttpSchemaRegistryClient.builder(TestRegistry.url()).build();
  final MessengerCodec codec = new MessengerCodec(registry);
  final Signer user = newKey();
  final Signer muKey = newKey();
  final KafkaProducer<byte[], byte[]> producer;
  final HttpClient http = HttpClient.newHttpClient();
  private int serial;

  MuItSupport(int partitions) {
    this.partitions = partitions;
    TestKafka.createTopics(partitions, Map.of(), ingress, schedule, assignments, results, rejected);
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static Signer newKey() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return Signer.ed25519(seed);
  }

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
    s.put(VowstreamConfig.MU_INGRESS_STATE_TOPIC.name(), "mu-ingress-state-" + suffix);
    s.put(VowstreamConfig.MU_CRANK_STATE_TOPIC.name(), "mu-crank-state-" + suffix);
    s.put(VowstreamConfig.MU_INGRESS_GROUP_ID.name(), "mu-ingress-" + suffix);
    s.put(VowstreamConfig.MU_CRANK_GROUP_ID.name(), "mu-crank-" + suffix);
    s.put(VowstreamConfig.MU_INGRESS_TRANSACTIONAL_ID.name(), "mu-ingress-tx-" + suffix);
    s.put(VowstreamConfig.MU_CRANK_TRANSACTIONAL_ID.name(), "mu-crank-tx-" + suffix);
    s.put(VowstreamConfig.MU_HTTP_PORT.name(), "0");
    s.put(VowstreamConfig.MU_DIRECTORY_WAIT_MS.name(), "30000");
    s.put(VowstreamConfig.KAFKA_CLIENT_PREFIX + "session.timeout.ms", "6000");
    s.put(VowstreamConfig.KAFKA_CLIENT_PREFIX + "heartbeat.interval.ms", "1000");
    return s;
  }

  VowstreamConfig config(Map<String, String> settings) {
    return VowstreamConfig.resolve(settings, new Properties(), Map.of(), null);
  }

  // ---- items ----

  synchronized DataItem process(Tag... extra) {
    List<Tag> tags = new ArrayList<>(List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Process"),
        new Tag("Module", "counter"), new Tag("Scheduler", "su"), new Tag("Serial", Integer.toString(serial++))));
    tags.addAll(List.of(extra));
    return DataItems.sign(user, null, null, tags, new byte[0]);
  }

  synchronized DataItem message(Signer signer, String pid, Tag... extra) {
    List<Tag> tags = new ArrayList<>(List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message"),
        new Tag("Serial", Integer.toString(serial++))));
    tags.addAll(List.of(extra));
    return DataItems.sign(signer, Base64Url.decode(pid), null, tags, ("hello " + serial).getBytes(StandardCharsets.UTF_8));
  }

  /** A process's own nonce-0 assignment as the SU would write it (signed by a stand-in key), for the directory. */
  void announce(DataItem process) {
    String pid = DataItems.id(process);
    DataItem signed = DataItems.sign(user, null, null, List.of(new Tag("Process", pid), new Tag("Nonce", "0")),
        new byte[0]);
    Assignment a = Assignment.newBuilder().setId(DataItems.id(signed)).setProcessId(pid).setEpoch(0).setNonce(0)
        .setHashChain(HashChain.seed(pid)).setBlockHeight(0).setTimestamp(0).setMessageId(null)
        .setVariant("ao.TN.1").setItem(signed).build();
    ScheduledItem s = ScheduledItem.newBuilder().setAssignment(a).setItem(process).build();
    send(assignments, pid, codec.scheduledItem.serializer().serialize(assignments, s));
  }

  void sendResult(Result r) {
    send(results, r.getProcessId(), codec.result.serializer().serialize(results, r));
  }

  void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, codec.key.serializer().serialize(topic, key), value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to " + topic + ": " + e, e);
    }
  }

  // ---- reading ----

  List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Duration timeout,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
    return io.vowstream.testkit.CommittedRecords.readUntil(topic, timeout, done);
  }

  List<DataItem> items(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> codec.dataItem.deserializer().deserialize(schedule, r.value())).toList();
  }

  /** Items on the schedule topic until {@code done} holds for them. */
  List<DataItem> scheduledUntil(Predicate<List<DataItem>> done) {
    return items(readUntil(schedule, Duration.ofSeconds(90), rs -> done.test(items(rs))));
  }

  List<Rejection> rejectionsUntil(Predicate<List<Rejection>> done) {
    return readUntil(rejected, Duration.ofSeconds(90), rs -> done.test(rejections(rs))).stream()
        .map(r -> codec.rejection.deserializer().deserialize(rejected, r.value())).toList();
  }

  private List<Rejection> rejections(List<ConsumerRecord<byte[], byte[]>> rs) {
    return rs.stream().map(r -> codec.rejection.deserializer().deserialize(rejected, r.value())).toList();
  }

  HttpResponse<String> post(String baseUrl, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    producer.close();
    registry.close();
  }
}
