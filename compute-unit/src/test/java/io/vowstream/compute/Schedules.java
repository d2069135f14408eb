package io.vowstream.compute;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.HashChain;
import io.vowstream.dataitem.Signer;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.testing.StageTestDriver;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** Plays the SU for the fold tests: signed items, chained assignments, and a driver around the fold. */
final class Schedules {
  static final String ASSIGNMENTS = "vowstream.assignments";
  static final String RESULTS = "vowstream.results";
  static final String REJECTED = "vowstream.rejected";
  static final String STATE = "vowstream.cu.state";
  static final SigningKey USER = Signer.ed25519(seed(7));
  static final SigningKey OTHER = Signer.ed25519(seed(8));
  static final SigningKey SU_KEY = Signer.ed25519(seed(9));
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

  /** The example modules plus the test module {@code tick@1}, for cron tests. */
  static final UnaryOperator<FoldSettings> WITH_TICKS =
      s -> s.withModules(ModuleRegistry.of(new CounterModule(), new TokenModule(), new TickModule()));

  final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  final Serde<String> key = VowstreamSerdes.stringKey(registry);
  final Serde<ScheduledItem> scheduled = VowstreamSerdes.scheduledItem(registry);
  final Serde<Result> results = VowstreamSerdes.result(registry);
  final Serde<Rejection> rejections = VowstreamSerdes.rejection(registry);
  final FoldSettings settings;
  final int zonePartBytes;
  final StageTestDriver driver;
  private int serial;

  Schedules() {
    this(s -> s);
  }

  Schedules(UnaryOperator<FoldSettings> tweak) {
    this(tweak, FoldObserver.NONE);
  }

  Schedules(UnaryOperator<FoldSettings> tweak, FoldObserver observer) {
    this(tweak, observer, Checkpoints.ZONE_PART_BYTES);
  }

  /** With checkpoints whose zones are split into parts of {@code zonePartBytes}. */
  Schedules(UnaryOperator<FoldSettings> tweak, FoldObserver observer, int zonePartBytes) {
    this.settings = tweak.apply(FoldSettings.defaults(registry, ModuleRegistry.of(new CounterModule(), new TokenModule()), CLOCK)
        .withCheckpointEvery(1));
    this.zonePartBytes = zonePartBytes;
    this.driver = new StageTestDriver(ASSIGNMENTS, STATE, 2, () -> new FoldProcessor(settings, observer, zonePartBytes));
  }

  /** A new processor with these settings and zone part size, not attached to the driver. */
  FoldProcessor newProcessor() {
    return new FoldProcessor(settings, FoldObserver.NONE, zonePartBytes);
  }

  static byte[] seed(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  DataItem process(String module, @Nullable String onBoot, String data) {
    List<Tag> tags = new ArrayList<>(List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Process"),
        new Tag("Module", module), new Tag("Scheduler", SU_KEY.address()), new Tag("Serial", "" + serial++)));
    if (onBoot != null) {
      tags.add(new Tag("On-Boot", onBoot));
    }
    return DataItems.sign(USER, null, null, tags, data.getBytes(StandardCharsets.UTF_8));
  }

  /** A process of {@code module} with extra process tags (name/value pairs), e.g. its crons. */
  DataItem process(String module, String... tagPairs) {
    List<Tag> tags = new ArrayList<>(List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Process"),
        new Tag("Module", module), new Tag("Scheduler", SU_KEY.address()), new Tag("Serial", "" + serial++)));
    for (int i = 0; i < tagPairs.length; i += 2) {
      tags.add(new Tag(tagPairs[i], tagPairs[i + 1]));
    }
    return DataItems.sign(USER, null, null, tags, new byte[0]);
  }

  DataItem counter(long initial) {
    return process("counter@1", "Data", Long.toString(initial));
  }

  DataItem message(SigningKey from, String pid, String... tagPairs) {
    List<Tag> tags = new ArrayList<>(List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message"),
        new Tag("Serial", "" + serial++)));
    for (int i = 0; i < tagPairs.length; i += 2) {
      tags.add(new Tag(tagPairs[i], tagPairs[i + 1]));
    }
    return DataItems.sign(from, Base64Url.decode(pid), null, tags, new byte[0]);
  }

  DataItem token(long initial) {
    return process("token@1", "Data", Long.toString(initial));
  }

  DataItem message(String pid, String... tagPairs) {
    return message(USER, pid, tagPairs);
  }

  /** One process's schedule as the SU would write it. */
  final class Chain {
    final String pid;
    long nextNonce;
    @Nullable String lastId;
    @Nullable String lastChain;
    /** Timestamp (ms) and block height of the next item; by default 1000 + nonce and 1,500,000. */
    @Nullable Long nextTimestamp;
    @Nullable Long nextHeight;

    Chain(String pid, long firstNonce) {
      this.pid = pid;
      this.nextNonce = firstNonce;
    }

    /** The next scheduled item; {@code messageId} null for the process's own assignment. */
    ScheduledItem next(@Nullable DataItem item, @Nullable String messageId) {
      return next(item, messageId, a -> a);
    }

    ScheduledItem next(@Nullable DataItem item, @Nullable String messageId, UnaryOperator<Assignment> tamper) {
      String chain = lastId == null ? HashChain.seed(pid) : HashChain.next(lastId, lastChain);
      long nonce = nextNonce++;
      long timestamp = nextTimestamp != null ? nextTimestamp : 1_000 + nonce;
      long height = nextHeight != null ? nextHeight : 1_500_000;
      nextTimestamp = null;
      nextHeight = null;
      List<Tag> tags = new ArrayList<>(List.of(new Tag("Process", pid), new Tag("Epoch", "0"),
          new Tag("Nonce", Long.toString(nonce)), new Tag("Hash-Chain", chain),
          new Tag("Block-Height", String.format("%012d", height)), new Tag("Timestamp", Long.toString(timestamp)),
          new Tag("Data-Protocol", "ao"), new Tag("Type", "Assignment"), new Tag("Variant", "ao.TN.1")));
      if (messageId != null) {
        tags.add(new Tag("Message", messageId));
      }
      DataItem signed = DataItems.sign(SU_KEY, null, null, tags, new byte[0]);
      Assignment a = Assignment.newBuilder().setId(DataItems.id(signed)).setProcessId(pid).setEpoch(0).setNonce(nonce)
          .setHashChain(chain).setBlockHeight(height).setTimestamp(timestamp).setMessageId(messageId)
          .setVariant("ao.TN.1").setItem(signed).build();
      lastId = a.getId();
      lastChain = chain;
      return ScheduledItem.newBuilder().setAssignment(tamper.apply(a)).setItem(item).build();
    }

    /** Sets the timestamp (ms) and block height of the next item. */
    Chain at(long timestamp, long height) {
      nextTimestamp = timestamp;
      nextHeight = height;
      return this;
    }

    ScheduledItem boot(DataItem process) {
      return next(process, null);
    }

    ScheduledItem msg(DataItem message) {
      return next(message, DataItems.id(message));
    }
  }

  Chain chain(DataItem process) {
    return new Chain(DataItems.id(process), 0);
  }

  byte[] encode(ScheduledItem s) {
    return scheduled.serializer().serialize(ASSIGNMENTS, s);
  }

  /** Every record sent through {@link #send}, as the stage would read it. */
  final List<io.vowstream.runtime.stream.InputRecord> sent = new ArrayList<>();

  long send(int partition, ScheduledItem s) {
    String pid = s.getAssignment().getProcessId();
    byte[] k = key.serializer().serialize(ASSIGNMENTS, pid);
    byte[] v = encode(s);
    long offset = driver.send(partition, k, v);
    sent.add(new io.vowstream.runtime.stream.InputRecord(ASSIGNMENTS, partition, offset, k, v, 0L, Map.of()));
    return offset;
  }

  List<Result> results() {
    return decodeResults(driver.output(RESULTS));
  }

  List<Result> decodeResults(List<OutputRecord> records) {
    return records.stream().filter(r -> r.topic().equals(RESULTS))
        .map(r -> results.deserializer().deserialize(RESULTS, r.value())).toList();
  }

  List<Result> results(String pid) {
    return results().stream().filter(r -> r.getProcessId().equals(pid)).toList();
  }

  List<Rejection> rejections() {
    return driver.output(REJECTED).stream().map(r -> rejections.deserializer().deserialize(REJECTED, r.value()))
        .toList();
  }

  FoldProcessor processor() {
    return (FoldProcessor) driver.processor();
  }

  ProcessFold fold(int partition, String pid) {
    return processor().fold(partition, pid).orElseThrow();
  }

  static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    tags.forEach(t -> m.put(t.getName(), t.getValue()));
    return m;
  }
}
