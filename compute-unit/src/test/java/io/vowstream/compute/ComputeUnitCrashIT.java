package io.vowstream.compute;

import io.vowstream.testkit.UnitProcess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.testing.StageTestDriver;
import io.vowstream.scheduler.SchedulerUnit;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and rebalance: two CU instances as OS processes share a 4-partition assignments topic fed
 * by a real SU (in this JVM) while messages flow; one of them, chosen at random, is killed with
 * SIGKILL at random moments and restarted, so partitions move back and forth. Afterwards every
 * scheduled item has exactly one result for a {@code read_committed} reader, each result equals
 * the one a cold fold of the same schedule gives, and each counter's state (via {@code /state}
 * from the instance holding it) equals the cold fold's.
 */
class ComputeUnitCrashIT {
  static final int PROCESSES = 20;
  static final int MESSAGES = 150;
  static final int KILLS = 3;
  /**
   * Items per checkpoint: a few batches' worth (a batch holds about ten items per process here), so
   * restores start from checkpoints behind the committed nonce and replay the gap (the stage
   * honours the fold's replayFrom).
   */
  static final int CHECKPOINT_INTERVAL = Integer.getInteger("vowstream.test.cu.checkpoint.interval", 50);

  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("try") // the SU only has to run while the CUs work
  void killedAtRandomTheUnitsGiveExactlyOneResultPerItemAndTheColdFoldsState() throws Exception {
    long seed = Long.getLong("vowstream.test.seed", System.nanoTime());
    Random random = new Random(seed);
    try (ComputeItSupport it = new ComputeItSupport(4)) {
      Map<String, String> settings = new LinkedHashMap<>(it.settings(dir.resolve("su-key.json")));
      settings.put(VowstreamConfig.CU_CHECKPOINT_INTERVAL.name(), Integer.toString(CHECKPOINT_INTERVAL));
      settings.put(VowstreamConfig.CU_RESULT_WAIT_MS.name(), "1000");
      Map<String, String> settingsA = new LinkedHashMap<>(settings);
      settingsA.put(VowstreamConfig.CU_TRANSACTIONAL_ID.name(), "cu-tx-" + it.suffix + "-a");
      Map<String, String> settingsB = new LinkedHashMap<>(settings);
      settingsB.put(VowstreamConfig.CU_TRANSACTIONAL_ID.name(), "cu-tx-" + it.suffix + "-b");
      List<Map<String, String>> instanceSettings = List.of(settingsA, settingsB);
      Path buildDir = UnitProcess.buildDir(ComputeUnitMain.class);
      List<Path> logs = List.of(buildDir.resolve("cu-crash-" + it.suffix + "-a.log"),
          buildDir.resolve("cu-crash-" + it.suffix + "-b.log"));
      for (Path log : logs) {
        Files.deleteIfExists(log);
        Files.createFile(log);
      }
      long t0 = System.nanoTime();

      List<DataItem> processes = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        processes.add(it.counter(i));
      }
      List<DataItem> messages = new ArrayList<>();
      for (int round = 0; round < MESSAGES; round++) {
        for (DataItem p : processes) {
          messages.add(it.increment(DataItems.id(p), 1 + random.nextInt(9)));
        }
      }
      long expected = (long) PROCESSES * (MESSAGES + 1);
      progress(t0, "signed " + expected + " items (seed " + seed + ")");

      UnitProcess[] units = new UnitProcess[2];
      String[] urls = new String[2];
      try (SchedulerUnit su = SchedulerUnit.start(ComputeItSupport.config(settings))) {
        for (int i = 0; i < 2; i++) {
          units[i] = UnitProcess.start(ComputeUnitMain.class, instanceSettings.get(i), logs.get(i));
        }
        for (int i = 0; i < 2; i++) {
          urls[i] = units[i].awaitListening(0, Duration.ofSeconds(60));
        }
        processes.forEach(it::schedule);
        it.producer.flush();
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread submitter = new Thread(() -> {
          try {
            for (int i = 0; i < messages.size(); i++) {
              it.schedule(messages.get(i));
              if (i % 200 == 199) {
                it.producer.flush();
                Thread.sleep(250); // spread the load over the kills
              }
            }
            it.producer.flush();
          } catch (Throwable t) {
            producerFailure.set(t);
          }
        }, "cu-crash-submitter");
        submitter.start();

        int kills = 0;
        try (CommittedCounter counter = new CommittedCounter(it.results)) {
          while (kills < KILLS) {
            long before = counter.count(Duration.ofMillis(100));
            long waitUntil = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (counter.count(Duration.ofMillis(200)) <= before && System.nanoTime() < waitUntil) {
              // wait for progress after the (re)start, so every kill hits a working pair
            }
            Thread.sleep(random.nextInt(1500));
            int victim = random.nextInt(2);
            units[victim].kill();
            kills++;
            progress(t0, "SIGKILL " + kills + " of instance " + victim + " at " + counter.count(Duration.ZERO)
                + " committed results");
            long offset = Files.size(logs.get(victim));
            Files.writeString(logs.get(victim), "\n==== SIGKILL " + kills + " ====\n", StandardOpenOption.APPEND);
            units[victim] = UnitProcess.start(ComputeUnitMain.class, instanceSettings.get(victim), logs.get(victim));
            urls[victim] = units[victim].awaitListening(offset, Duration.ofSeconds(60));
            progress(t0, "restarted instance " + victim);
          }
          submitter.join();
          assertThat(producerFailure.get()).as("submitter").isNull();
          progress(t0, "all submitted");
          long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
          while (counter.count(Duration.ofMillis(500)) < expected && System.nanoTime() < deadline) {
            for (int i = 0; i < 2; i++) {
              assertThat(units[i].isAlive()).as("CU instance %d runs (log %s)", i, logs.get(i)).isTrue();
            }
          }
          progress(t0, "results committed: " + counter.count(Duration.ZERO));
        }
        assertThat(kills).isGreaterThanOrEqualTo(KILLS);

        List<ConsumerRecord<byte[], byte[]>> assignmentRecords = it.readUntil(it.assignments, Duration.ofSeconds(60),
            rs -> rs.size() >= expected);
        assertThat(assignmentRecords).as("assignments").hasSize((int) expected);
        List<Result> results = it.results(it.readUntil(it.results, Duration.ofSeconds(60), rs -> rs.size() >= expected));
        // Nothing beyond one result per item, even after the kills.
        Map<String, Result> actual = new HashMap<>();
        for (Result r : results) {
          String k = r.getProcessId() + "/" + r.getNonce();
          assertThat(actual.put(k, r)).as("result %s appears once (seed %d, logs %s)", k, seed, logs).isNull();
        }
        assertThat(results).as("one result per scheduled item (seed %d)", seed).hasSize((int) expected);

        // The cold fold of the same schedule, in partition and offset order.
        FoldSettings cs = new FoldSettings(it.assignments, it.results, it.rejected, "cold-state", it.registry,
            ModuleRegistry.of(new CounterModule()), 1_000_000, true, Map.of(), Clock.systemUTC());
        StageTestDriver cold = new StageTestDriver(it.assignments, "cold-state", it.partitions,
            () -> FoldProcessors.create(cs));
        assignmentRecords.stream().sorted(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset)).forEach(r -> cold.send(r.partition(), r.key(), r.value()));
        cold.commit();
        List<OutputRecord> coldOut = cold.output(it.results);
        assertThat(coldOut).hasSize((int) expected);
        for (OutputRecord o : coldOut) {
          Result c = it.result.deserializer().deserialize(it.results, o.value());
          Result a = actual.get(c.getProcessId() + "/" + c.getNonce());
          assertThat(a).as("result of %s nonce %d", c.getProcessId(), c.getNonce()).isNotNull();
          assertThat(a.getMessageId()).isEqualTo(c.getMessageId());
          assertThat(a.getAssignmentId()).isEqualTo(c.getAssignmentId());
          assertThat(a.getOutput()).isEqualTo(c.getOutput());
          assertThat(a.getError()).isEqualTo(c.getError());
        }
        for (ScheduledItem s : it.scheduled(assignmentRecords)) {
          assertThat(actual).containsKey(s.getAssignment().getProcessId() + "/" + s.getAssignment().getNonce());
        }

        FoldView coldView = (FoldView) cold.processor();
        for (DataItem p : processes) {
          String pid = DataItems.id(p);
          FoldView.ProcessView expectedView = coldView.process(pid).orElseThrow();
          assertThat(expectedView.nonce()).isEqualTo(MESSAGES);
          JsonNode state = stateFromOwner(it, urls, pid, MESSAGES);
          assertThat(state.path("halted").asBoolean()).isFalse();
          assertThat(state.path("state")).as("state of %s", pid)
              .isEqualTo(ComputeItSupport.JSON.readTree(ComputeItSupport.JSON.writeValueAsString(expectedView.state())));
        }
        long replays = 0;
        for (Path log : logs) {
          replays += Files.readAllLines(log).stream().filter(l -> l.contains(" replays from offset ")).count();
        }
        progress(t0, "verified; " + replays + " partition restores replayed from a checkpoint behind the commit");
      } finally {
        for (UnitProcess u : units) {
          if (u != null) {
            u.close();
          }
        }
      }
      for (int i = 0; i < 2; i++) {
        assertThat(units[i].waitForExit(Duration.ofSeconds(30))).as("the CU stops on SIGTERM").isNotEqualTo(-1);
        assertThat(units[i].log()).as("log of instance %d", i).doesNotContain("fatal error");
      }
    }
  }

  /** The state from whichever instance folds the process, once it reached {@code nonce}. */
  private static JsonNode stateFromOwner(ComputeItSupport it, String[] urls, String pid, long nonce) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      for (String url : urls) {
        HttpResponse<String> r = it.get(url + "/state/" + pid);
        if (r.statusCode() == 200) {
          JsonNode n = ComputeItSupport.JSON.readTree(r.body());
          if (n.path("nonce").asLong() == nonce) {
            return n;
          }
        }
        last = r.statusCode() + " " + r.body();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no CU instance holds " + pid + " at nonce " + nonce + "; last answer " + last);
  }

  private static void progress(long t0, String what) {
    System.out.printf("cu crash test +%.1f s: %s%n", (System.nanoTime() - t0) / 1e9, what);
  }

  /** Counts committed records of a topic with a read_committed consumer. */
  static final class CommittedCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private long count;

    CommittedCounter(String topic) {
      Map<String, Object> c = new HashMap<>();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
    }

    long count(Duration wait) {
      count += consumer.poll(wait).count();
      return count;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
