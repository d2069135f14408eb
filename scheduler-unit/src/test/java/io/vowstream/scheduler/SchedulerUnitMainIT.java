package io.vowstream.scheduler;

import io.vowstream.testkit.UnitProcess;
import io.vowstream.dataitem.HashChain;
import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.DataItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit as an OS process: exit codes for configuration errors and for a fenced producer. */
class SchedulerUnitMainIT {
  @TempDir
  Path dir;

  @Test
  void aConfigurationErrorExitsWithTwoAndNamesTheKey() throws Exception {
    Path log = dir.resolve("config.log");
    Files.createFile(log);
    try (UnitProcess unit = UnitProcess.start(SchedulerUnitMain.class, Map.of(VowstreamConfig.TOPIC_PARTITIONS.name(), "zero"), log)) {
      assertThat(unit.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(unit.log()).contains("configuration error").contains("vowstream.topic.partitions");
    }
  }

  @Test
  void anInstanceFencedByASecondOneWithTheSameTransactionalIdExitsWithOne() throws Exception {
    try (ItSupport it = new ItSupport(2)) {
      Map<String, String> settings = new LinkedHashMap<>(it.settings());
      settings.put(VowstreamConfig.KEY_FILE.name(), dir.resolve("key.json").toString());
      Path firstLog = dir.resolve("first.log");
      Path secondLog = dir.resolve("second.log");
      Files.createFile(firstLog);
      Files.createFile(secondLog);
      // Several processes, so that both partitions (and so both instances) get work.
      java.util.List<String> pids = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        DataItem p = it.process();
        pids.add(DataItems.id(p));
        it.send(p);
      }
      it.producer.flush();
      try (UnitProcess first = UnitProcess.start(SchedulerUnitMain.class, settings, firstLog)) {
        first.awaitListening(0, Duration.ofSeconds(60));
        it.readUntil(it.assignments, Duration.ofSeconds(60), rs -> !rs.isEmpty());
        try (UnitProcess second = UnitProcess.start(SchedulerUnitMain.class, settings, secondLog)) {
          second.awaitListening(0, Duration.ofSeconds(60));
          // keep both busy until the first one tries a transaction with its fenced producer
          int code = -1;
          for (int i = 0; i < 600 && code == -1; i++) {
            for (String pid : pids) {
              it.send(it.message(pid));
            }
            it.producer.flush();
            code = first.waitForExit(Duration.ofMillis(100));
          }
          assertThat(code).as("exit code of the fenced instance; log:%n%s", first.log()).isEqualTo(1);
          assertThat(first.log()).contains("fatal error");
          assertThat(second.isAlive()).isTrue();
        }
      }
      // whatever each instance committed, every schedule is still one chain
      var all = it.scheduled(it.readUntil(it.assignments, Duration.ofSeconds(5), rs -> false));
      for (String pid : pids) {
        var schedule = all.stream().map(s -> s.getAssignment()).filter(a -> a.getProcessId().equals(pid)).toList();
        assertThat(schedule).isNotEmpty();
        assertThat(HashChain.verify(pid, schedule)).as("chain of %s", pid).isEmpty();
      }
    }
  }
}
