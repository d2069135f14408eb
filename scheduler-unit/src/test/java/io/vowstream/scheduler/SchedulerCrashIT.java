package io.vowstream.scheduler;

import io.vowstream.testkit.UnitProcess;
import io.vowstream.dataitem.HashChain;
import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ScheduledItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance crash test: 100 processes × 500 messages submitted while the SU, running as its
 * own OS process, is killed with SIGKILL at random moments (at least five times) and restarted.
 * Afterwards {@code vowstream.assignments}, read with {@code read_committed}, must hold every item
 * exactly once, contiguous nonces, chains that verify from their seeds and unique assignment ids.
 */
class SchedulerCrashIT {
  static final int PROCESSES = 100;
  static final int MESSAGES = 500;
  static final int KILLS = 5;

  @TempDir
  Path dir;

  @Test
  void killedAtRandomTheUnitSchedulesEveryItemExactlyOnce() throws Exception {
    long seed = Long.getLong("vowstream.test.seed", System.nanoTime());
    Random random = new Random(seed);
    try (ItSupport it = new ItSupport(4)) {
      Map<String, String> settings = new LinkedHashMap<>(it.settings());
      settings.put(VowstreamConfig.KEY_FILE.name(), dir.resolve("su-key.json").toString());
      settings.put(VowstreamConfig.DATA_DIR.name(), dir.toString());
      // The unit's log goes next to the build output, so a failure can be read afterwards.
      Path log = UnitProcess.buildDir(SchedulerUnitMain.class).resolve("su-crash-" + it.suffix + ".log");
      Files.deleteIfExists(log);
      Files.createFile(log);
      long t0 = System.nanoTime();

      // Sign everything up front, so the submission pace is the producer's alone.
      List<DataItem> processes = new ArrayList<>();
      Map<String, List<String>> sentMessages = new LinkedHashMap<>();
      for (int i = 0; i < PROCESSES; i++) {
        DataItem p = it.process();
        processes.add(p);
        sentMessages.put(DataItems.id(p), new ArrayList<>());
      }
      List<DataItem> messages = new ArrayList<>();
      for (int round = 0; round < MESSAGES; round++) {
        for (DataItem p : processes) {
          DataItem m = it.message(DataItems.id(p));
          messages.add(m);
          sentMessages.get(DataItems.id(p)).add(DataItems.id(m));
        }
      }
      progress(t0, "signed " + (processes.size() + messages.size()) + " items");
      processes.forEach(it::send);
      it.producer.flush();

      AtomicReference<Throwable> producerFailure = new AtomicReference<>();
      Thread submitter = new Thread(() -> {
        try {
          for (int i = 0; i < messages.size(); i++) {
            it.send(messages.get(i));
            if (i % 1000 == 999) {
              it.producer.flush();
              Thread.sleep(200); // spread the load over the kills
            }
          }
          it.producer.flush();
        } catch (Throwable t) {
          producerFailure.set(t);
        }
      }, "crash-test-submitter");

      UnitProcess unit = UnitProcess.start(SchedulerUnitMain.class, settings, log);
      unit.awaitListening(0, Duration.ofSeconds(60));
      submitter.start();
      int kills = 0;
      long expected = (long) PROCESSES * (MESSAGES + 1);
      try (CommittedCounter counter = new CommittedCounter(it.assignments)) {
        while (kills < KILLS) {
          long before = counter.count(Duration.ofMillis(100));
          long waitUntil = System.nanoTime() + Duration.ofSeconds(90).toNanos();
          while (counter.count(Duration.ofMillis(200)) <= before && System.nanoTime() < waitUntil) {
            // wait for progress after the (re)start, so every kill hits a working unit
          }
          Thread.sleep(random.nextInt(1500));
          unit.kill();
          kills++;
          progress(t0, "SIGKILL " + kills + " at " + counter.count(Duration.ZERO) + " committed");
          long offset = Files.size(log);
          Files.writeString(log, "\n==== SIGKILL " + kills + " at " + counter.count(Duration.ZERO) + " committed ====\n",
              java.nio.file.StandardOpenOption.APPEND);
          unit = UnitProcess.start(SchedulerUnitMain.class, settings, log);
          unit.awaitListening(offset, Duration.ofSeconds(60));
          progress(t0, "restarted");
        }
        submitter.join();
        progress(t0, "all submitted");
        assertThat(producerFailure.get()).as("submitter").isNull();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (counter.count(Duration.ofMillis(500)) < expected && System.nanoTime() < deadline) {
          assertThat(unit.isAlive()).as("the SU process is running (log %s)", log).isTrue();
        }
        progress(t0, "all committed: " + counter.count(Duration.ZERO));
      } finally {
        unit.close();
      }
      assertThat(kills).isGreaterThanOrEqualTo(KILLS);

      List<ScheduledItem> all = it.scheduled(it.readUntil(it.assignments, Duration.ofSeconds(60),
          rs -> rs.size() >= expected));
      assertThat(all).as("assignments (seed %d, log %s)", seed, log).hasSize((int) expected);
      Map<String, List<Assignment>> byProcess = new HashMap<>();
      Map<String, List<String>> messageOrder = new HashMap<>();
      Set<String> assignmentIds = new HashSet<>();
      for (ScheduledItem s : all) {
        Assignment a = s.getAssignment();
        assertThat(assignmentIds.add(a.getId())).as("assignment id %s appears once", a.getId()).isTrue();
        byProcess.computeIfAbsent(a.getProcessId(), k -> new ArrayList<>()).add(a);
        if (a.getMessageId() != null) {
          messageOrder.computeIfAbsent(a.getProcessId(), k -> new ArrayList<>()).add(a.getMessageId());
        }
      }
      assertThat(byProcess.keySet()).containsExactlyInAnyOrderElementsOf(sentMessages.keySet());
      for (var e : sentMessages.entrySet()) {
        String pid = e.getKey();
        List<Assignment> schedule = byProcess.get(pid);
        assertThat(HashChain.verify(pid, schedule)).as("chain of %s", pid).isEmpty();
        assertThat(schedule.getFirst().getMessageId()).isNull();
        // every submitted message exactly once, in submission order
        assertThat(messageOrder.get(pid)).as("messages of %s", pid).containsExactlyElementsOf(e.getValue());
      }
    }
  }

  private static void progress(long t0, String what) {
    System.out.printf("crash test +%.1f s: %s%n", (System.nanoTime() - t0) / 1e9, what);
  }

  /** Counts committed records of a topic with a read_committed consumer. */
  static final class CommittedCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private long count;

    CommittedCounter(String topic) {
      Map<String, Object> c = new HashMap<>();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, io.vowstream.testkit.TestKafka.bootstrapServers());
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
