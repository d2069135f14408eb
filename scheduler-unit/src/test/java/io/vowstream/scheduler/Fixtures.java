package io.vowstream.scheduler;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.testing.StageTestDriver;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/** Items, keys and a driver around the SU's processor, shared by the broker-free tests. */
final class Fixtures {
  static final String SCHEDULE = "vowstream.schedule";
  static final String ASSIGNMENTS = "vowstream.assignments";
  static final String REJECTED = "vowstream.rejected";
  static final String STATE = "vowstream.su.state";

  static final SigningKey USER = Signer.ed25519(seed(7));
  static final SigningKey SU_KEY = Signer.ed25519(seed(9));
  /** Small, so that a test item can exceed it cheaply. */
  static final int MAX_ITEM_BYTES = 16 * 1024;
  static final Clock FIXED_CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
  /** Shared by every fixture, so that the broker-free tests sign in parallel as the unit does. */
  static final ExecutorService SIGNING_POOL = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "test-su-sign");
    t.setDaemon(true);
    return t;
  });

  final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  final ScheduleCodec codec = new ScheduleCodec(registry);
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final SchedulerMetrics metrics = new SchedulerMetrics(meters);
  final StageTestDriver driver;
  final int partitions;
  private int counter;

  Fixtures(int partitions) {
    this(partitions, true);
  }

  /** The settings of the driver's processors, for tests that build a processor of their own. */
  final SchedulerSettings settings;

  Fixtures(int partitions, boolean verify) {
    this(partitions, verify, SU_KEY, SIGNING_POOL, FIXED_CLOCK);
  }

  Fixtures(int partitions, boolean verify, Signer suKey, Executor signing, Clock clock) {
    this.partitions = partitions;
    this.settings = new SchedulerSettings(SCHEDULE, ASSIGNMENTS, REJECTED, STATE, codec, suKey,
        BlockHeightSource.fixed(1_500_000), clock, "ao.TN.1", verify, MAX_ITEM_BYTES);
    this.driver = new StageTestDriver(SCHEDULE, STATE, partitions,
        () -> new ScheduleProcessor(settings, metrics, signing));
  }

  static byte[] seed(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  /** A new, distinct process item. */
  DataItem process() {
    return DataItems.sign(USER, null, null, List.of(
        new Tag("Data-Protocol", "ao"), new Tag("Type", "Process"), new Tag("Module", "m".repeat(43)),
        new Tag("Scheduler", SU_KEY.address()), new Tag("Serial", Integer.toString(counter++))), new byte[0]);
  }

  /** A new, distinct message to {@code pid}. */
  DataItem message(String pid) {
    return DataItems.sign(USER, Base64Url.decode(pid), null, List.of(
        new Tag("Data-Protocol", "ao"), new Tag("Type", "Message"), new Tag("Action", "Eval"),
        new Tag("Serial", Integer.toString(counter++))), ("data " + counter).getBytes(StandardCharsets.UTF_8));
  }

  static DataItem signed(List<Tag> tags, byte @Nullable [] target) {
    return DataItems.sign(USER, target, null, tags, new byte[0]);
  }

  int partitionOf(String pid) {
    return Math.floorMod(pid.hashCode(), partitions);
  }

  byte[] key(String pid) {
    return codec.key.serializer().serialize(SCHEDULE, pid);
  }

  byte[] value(DataItem item) {
    return codec.dataItem.serializer().serialize(SCHEDULE, item);
  }

  /** Sends a process to its partition; returns its id. */
  String sendProcess(DataItem process) {
    String pid = DataItems.id(process);
    driver.send(partitionOf(pid), key(pid), value(process));
    return pid;
  }

  String sendLegacyProcess(DataItem process) {
    String pid = DataItems.id(process);
    driver.send(partitionOf(pid), key(pid), value(process), Map.of(ScheduleProcessor.REGISTRATION_HEADER, "legacy"));
    return pid;
  }

  String sendMessage(DataItem message) {
    String pid = DataItems.targetId(message).orElseThrow();
    driver.send(partitionOf(pid), key(pid), value(message));
    return DataItems.id(message);
  }

  List<ScheduledItem> assignments() {
    List<ScheduledItem> out = new ArrayList<>();
    for (OutputRecord r : driver.output(ASSIGNMENTS)) {
      out.add(codec.scheduledItem.deserializer().deserialize(ASSIGNMENTS, r.value()));
    }
    return out;
  }

  List<ScheduledItem> schedule(String pid) {
    return assignments().stream().filter(s -> s.getAssignment().getProcessId().equals(pid)).toList();
  }

  List<Rejection> rejections() {
    List<Rejection> out = new ArrayList<>();
    for (OutputRecord r : driver.output(REJECTED)) {
      out.add(codec.rejection.deserializer().deserialize(REJECTED, r.value()));
    }
    return out;
  }

  double counter(String name, String tag, String value) {
    var c = meters.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }
}
