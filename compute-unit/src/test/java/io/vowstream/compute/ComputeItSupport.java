package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.HashChain;
import io.vowstream.dataitem.Signer;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.Assignment;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * Topics, items, producers, read-back and HTTP helpers for the CU's real-broker tests. Every
 * instance has its own topics (a random suffix), so tests never see each other's records.
 */
final class ComputeItSupport implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final String schedule = "schedule-" + suffix;
  final String assignments = "assignments-" + suffix;
  final String results = "results-" + suffix;
  final String rejected = "rejected-" + suffix;
  final String suState = "su-state-" + suffix;
  final String cuState = "cu-state-" + suffix;
  final int partitions;
  final SchemaRegistryClient registry = HttpSchemaRegistryClient.builder(TestRegistry.url()).build();
  final Serde<String> key = VowstreamSerdes.stringKey(registry);
  final Serde<DataItem> dataItem = VowstreamSerdes.dataItem(registry);
  final Serde<ScheduledItem> scheduledItem = VowstreamSerdes.scheduledItem(registry);
  final Serde<Result> result = VowstreamSerdes.result(registry);
  final Serde<Rejection> rejection = VowstreamSerdes.rejection(registry);
  final SigningKey user;
  final KafkaProducer<byte[], byte[]> producer;
  final HttpClient http = HttpClient.newHttpClient();
  private int serial;

  ComputeItSupport(int partitions) {
    this.partitions = partitions;
    this.user = Signer.ed25519(randomSeed());
    TestKafka.createTopics(partitions, Map.of(), schedule);
    this.producer = newProducer();
  }

  static byte[] randomSeed() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return seed;
  }

  static KafkaProducer<byte[], byte[]> newProducer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Settings for an SU and CUs on these topics; {@code keyFile} is the SU's key. */
  Map<String, String> settings(Path keyFile) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS.name(), TestKafka.bootstrapServers());
    s.put(VowstreamConfig.SCHEMA_REGISTRY_URL.name(), TestRegistry.url());
    s.put(VowstreamConfig.TOPIC_SCHEDULE.name(), schedule);
    s.put(VowstreamConfig.TOPIC_ASSIGNMENTS.name(), assignments);
    s.put(VowstreamConfig.TOPIC_RESULTS.name(), results);
    s.put(VowstreamConfig.TOPIC_REJECTED.name(), rejected);
    s.put(VowstreamConfig.TOPIC_PARTITIONS.name(), Integer.toString(partitions));
    s.put(VowstreamConfig.KEY_FILE.name(), keyFile.toString());
    s.put(VowstreamConfig.SU_STATE_TOPIC.name(), suState);
    s.put(VowstreamConfig.SU_GROUP_ID.name(), "su-" + suffix);
    s.put(VowstreamConfig.SU_TRANSACTIONAL_ID.name(), "su-tx-" + suffix);
    s.put(VowstreamConfig.SU_HTTP_PORT.name(), "0");
    s.put(VowstreamConfig.CU_STATE_TOPIC.name(), cuState);
    s.put(VowstreamConfig.CU_GROUP_ID.name(), "cu-" + suffix);
    s.put(VowstreamConfig.CU_TRANSACTIONAL_ID.name(), "cu-tx-" + suffix);
    s.put(VowstreamConfig.CU_HTTP_PORT.name(), "0");
    s.put(VowstreamConfig.KAFKA_CLIENT_PREFIX + "session.timeout.ms", "6000");
    s.put(VowstreamConfig.KAFKA_CLIENT_PREFIX + "heartbeat.interval.ms", "1000");
    return s;
  }

  static VowstreamConfig config(Map<String, String> settings) {
    return VowstreamConfig.resolve(settings, new Properties(), Map.of(), null);
  }

  /** A counter process owned by {@link #user} that boots with {@code initial}. */
  synchronized DataItem counter(long initial) {
    return DataItems.sign(user, null, null, List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Process"),
        new Tag("Module", "counter@1"), new Tag("Scheduler", "su"), new Tag("On-Boot", "Data"),
        new Tag("Serial", Integer.toString(serial++))), Long.toString(initial).getBytes(StandardCharsets.UTF_8));
  }

  /** A message from {@link #user} to {@code pid} with tags given as name, value, name, value…. */
  synchronized DataItem message(String pid, String... tagPairs) {
    List<Tag> tags = new ArrayList<>(List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message"),
        new Tag("Serial", Integer.toString(serial++))));
    for (int i = 0; i < tagPairs.length; i += 2) {
      tags.add(new Tag(tagPairs[i], tagPairs[i + 1]));
    }
    return DataItems.sign(user, Base64Url.decode(pid), null, tags, new byte[0]);
  }

  DataItem increment(String pid, long quantity) {
    return message(pid, "Action", "Increment", "Quantity", Long.toString(quantity));
  }

  /** Sends an item to the SU, keyed by its process id. */
  void schedule(DataItem item) {
    String pid = "Process".equals(DataItems.tag(item, "Type").orElse("")) ? DataItems.id(item)
        : DataItems.targetId(item).orElseThrow();
    producer.send(new ProducerRecord<>(schedule, key.serializer().serialize(schedule, pid),
        dataItem.serializer().serialize(schedule, item)));
  }

  /** Writes an assignment straight to the CU's input, as a (possibly misbehaving) SU would. */
  void assign(ScheduledItem s) {
    String pid = s.getAssignment().getProcessId();
    producer.send(new ProducerRecord<>(assignments, key.serializer().serialize(assignments, pid),
        scheduledItem.serializer().serialize(assignments, s)));
  }

  /** One process's schedule as an SU with {@code suKey} writes it, for tests that bypass the SU. */
  static final class Chain {
    final Signer suKey;
    final String pid;
    long nextNonce;
    @Nullable String lastId;
    @Nullable String lastChain;

    Chain(Signer suKey, String pid) {
      this.suKey = suKey;
      this.pid = pid;
    }

    ScheduledItem next(@Nullable DataItem item, @Nullable String messageId, UnaryOperator<Assignment> tamper) {
      String chain = lastId == null ? HashChain.seed(pid) : HashChain.next(lastId, lastChain);
      long nonce = nextNonce++;
      List<Tag> tags = new ArrayList<>(List.of(new Tag("Process", pid), new Tag("Epoch", "0"),
          new Tag("Nonce", Long.toString(nonce)), new Tag("Hash-Chain", chain),
          new Tag("Block-Height", "000000000000"), new Tag("Timestamp", Long.toString(1_000 + nonce)),
          new Tag("Data-Protocol", "ao"), new Tag("Type", "Assignment"), new Tag("Variant", "ao.TN.1")));
      if (messageId != null) {
        tags.add(new Tag("Message", messageId));
      }
      DataItem signed = DataItems.sign(suKey, null, null, tags, new byte[0]);
      Assignment a = Assignment.newBuilder().setId(DataItems.id(signed)).setProcessId(pid).setEpoch(0)
          .setNonce(nonce).setHashChain(chain).setBlockHeight(0).setTimestamp(1_000 + nonce).setMessageId(messageId)
          .setVariant("ao.TN.1").setItem(signed).build();
      lastId = a.getId();
      lastChain = chain;
      return ScheduledItem.newBuilder().setAssignment(tamper.apply(a)).setItem(item).build();
    }

    ScheduledItem boot(DataItem process) {
      return next(process, null, a -> a);
    }

    ScheduledItem msg(DataItem message) {
      return next(message, DataItems.id(message), a -> a);
    }
  }

  /** Reads {@code topic} with read_committed until {@code done} holds for what was read, or the timeout. */
  List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Duration timeout,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
    return io.vowstream.testkit.CommittedRecords.readUntil(topic, timeout, done);
  }

  List<Result> results(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> result.deserializer().deserialize(results, r.value())).toList();
  }

  List<Result> resultsOf(String pid, List<ConsumerRecord<byte[], byte[]>> records) {
    return results(records).stream().filter(r -> r.getProcessId().equals(pid)).toList();
  }

  /** Reads the results topic until {@code pid} has at least {@code count} results (or a minute passed). */
  List<Result> awaitResults(String pid, int count) {
    return resultsOf(pid, readUntil(results, Duration.ofSeconds(60), rs -> resultsOf(pid, rs).size() >= count));
  }

  List<Rejection> rejections(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> rejection.deserializer().deserialize(rejected, r.value())).toList();
  }

  List<ScheduledItem> scheduled(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> scheduledItem.deserializer().deserialize(assignments, r.value())).toList();
  }

  HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(String url, int status) throws Exception {
    HttpResponse<String> r = get(url);
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  /** Polls {@code url} until it answers 200 with a body {@code ok} accepts (a minute at most). */
  JsonNode awaitJson(String url, Predicate<JsonNode> ok) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      HttpResponse<String> r = get(url);
      if (r.statusCode() == 200 && ok.test(JSON.readTree(r.body()))) {
        return JSON.readTree(r.body());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("GET " + url + " did not reach the expected state: " + r.statusCode() + " " + r.body());
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    producer.close();
    registry.close();
  }
}
