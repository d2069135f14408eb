package io.vowstream.messenger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.testing.StageTestDriver;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.OutboxMessage;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Keys, items, results and drivers around the MU's processors, for the broker-free tests. */
final class Fixtures {
  static final String INGRESS = "vowstream.ingress";
  static final String SCHEDULE = "vowstream.schedule";
  static final String RESULTS = "vowstream.results";
  static final String REJECTED = "vowstream.rejected";
  static final String INGRESS_STATE = "vowstream.mu.ingress.state";
  static final String CRANK_STATE = "vowstream.mu.crank.state";
  static final String MODULE = "counter-module-0000000000000000000000000000";

  static final SigningKey USER = Signer.ed25519(seed(7));
  static final SigningKey OTHER = Signer.ed25519(seed(8));
  static final SigningKey MU_KEY = Signer.ed25519(seed(11));
  static final Clock FIXED_CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

  final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  final MessengerCodec codec = new MessengerCodec(registry);
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final MessengerMetrics metrics = new MessengerMetrics(meters);
  // The directory waits on the wall clock; rejection timestamps use the fixed one.
  final ProcessDirectory directory = new ProcessDirectory(Clock.systemUTC());
  /** What the crank's scheduled-item lookup finds (the assignments topic's read model in a unit). */
  final Map<String, DataItem> scheduledItems = new java.util.concurrent.ConcurrentHashMap<>();
  final MessengerSettings settings;
  final int partitions;
  private int serial;

  Fixtures(int partitions, Duration directoryWait) {
    this.partitions = partitions;
    this.settings = new MessengerSettings(INGRESS, SCHEDULE, RESULTS, REJECTED, CRANK_STATE, codec, MU_KEY,
        FIXED_CLOCK, directoryWait);
  }

  Fixtures() {
    this(2, Duration.ZERO);
  }

  static byte[] seed(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  StageTestDriver ingressDriver(int maxItemBytes) {
    return new StageTestDriver(INGRESS, INGRESS_STATE, partitions, () -> new IngressProcessor(settings,
        new ItemChecks(directory, maxItemBytes, settings.directoryWait()), metrics));
  }

  StageTestDriver crankDriver() {
    return new StageTestDriver(RESULTS, CRANK_STATE, partitions, () -> new CrankProcessor(settings, directory,
        id -> java.util.Optional.ofNullable(scheduledItems.get(id)), metrics));
  }

  // ---- items ----

  synchronized DataItem process(Signer signer, Tag... extra) {
    List<Tag> tags = new ArrayList<>(List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Process"),
        new Tag("Module", MODULE), new Tag("Scheduler", "su-address"), new Tag("Serial", Integer.toString(serial++))));
    tags.addAll(List.of(extra));
    return DataItems.sign(signer, null, null, tags, new byte[0]);
  }

  synchronized DataItem message(Signer signer, String target, Tag... extra) {
    List<Tag> tags = new ArrayList<>(List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message"),
        new Tag("Serial", Integer.toString(serial++))));
    tags.addAll(List.of(extra));
    return DataItems.sign(signer, Base64Url.decode(target), null, tags,
        ("hello " + serial).getBytes(StandardCharsets.UTF_8));
  }

  /** An item the scheduled-item lookup finds. */
  DataItem scheduled(DataItem item) {
    scheduledItems.put(DataItems.id(item), item);
    return item;
  }

  /** A process the directory knows. */
  DataItem knownProcess(Tag... extra) {
    DataItem p = process(USER, extra);
    directory.add(ProcessInfo.of(p));
    return p;
  }

  byte[] key(String topic, String pid) {
    return codec.key.serializer().serialize(topic, pid);
  }

  byte[] value(String topic, DataItem item) {
    return codec.dataItem.serializer().serialize(topic, item);
  }

  int partitionOf(String pid) {
    return Math.floorMod(pid.hashCode(), partitions);
  }

  /** Sends an item to the ingress driver keyed by its process id. */
  long sendIngress(StageTestDriver driver, DataItem item) {
    String pid = "Process".equals(DataItems.tag(item, "Type").orElse("")) ? DataItems.id(item)
        : DataItems.targetId(item).orElseThrow();
    return driver.send(partitionOf(pid), key(INGRESS, pid), value(INGRESS, item));
  }

  // ---- results ----

  static Result.Builder result(String pid, long nonce, String messageId) {
    return Result.newBuilder().setProcessId(pid).setNonce(nonce).setMessageId(messageId)
        .setAssignmentId("assignment-" + pid.substring(0, 6) + "-" + nonce).setOutput(null).setError(null)
        .setMessages(new ArrayList<>()).setSpawns(new ArrayList<>()).setAssignments(new ArrayList<>())
        .setJournal(new ArrayList<>());
  }

  static OutboxMessage outbox(String target, String data, Tag... tags) {
    return OutboxMessage.newBuilder().setTarget(target).setAnchor(null).setTags(new ArrayList<>(List.of(tags)))
        .setData(ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8))).build();
  }

  long sendResult(StageTestDriver driver, Result r) {
    return driver.send(partitionOf(r.getProcessId()), key(RESULTS, r.getProcessId()),
        codec.result.serializer().serialize(RESULTS, r));
  }

  // ---- reading outputs ----

  List<DataItem> items(List<OutputRecord> records) {
    return records.stream().filter(r -> r.topic().equals(SCHEDULE))
        .map(r -> codec.dataItem.deserializer().deserialize(SCHEDULE, r.value())).toList();
  }

  List<String> keys(List<OutputRecord> records, String topic) {
    return records.stream().filter(r -> r.topic().equals(topic))
        .map(r -> codec.key.deserializer().deserialize(topic, r.key())).toList();
  }

  List<Rejection> rejections(List<OutputRecord> records) {
    return records.stream().filter(r -> r.topic().equals(REJECTED))
        .map(r -> codec.rejection.deserializer().deserialize(REJECTED, r.value())).toList();
  }

  static List<String> ids(List<DataItem> items) {
    return items.stream().map(DataItems::id).toList();
  }

  static Map<String, String> tags(DataItem item) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    item.getTags().forEach(t -> m.putIfAbsent(t.getName(), t.getValue()));
    return m;
  }
}
