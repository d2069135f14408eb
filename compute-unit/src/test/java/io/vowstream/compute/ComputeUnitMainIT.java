package io.vowstream.compute;

import io.vowstream.testkit.UnitProcess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The unit as an OS process: a configuration error exits with 2; a running unit folds and stops on SIGTERM. */
class ComputeUnitMainIT {
  @TempDir
  Path dir;

  @Test
  void aConfigurationErrorExitsWithTwoAndNamesTheKey() throws Exception {
    Path log = dir.resolve("config.log");
    Files.createFile(log);
    try (UnitProcess unit = UnitProcess.start(ComputeUnitMain.class, 
        Map.of(VowstreamConfig.CU_CHECKPOINT_INTERVAL.name(), "0"), log)) {
      assertThat(unit.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(unit.log()).contains("configuration error").contains("vowstream.cu.checkpoint.interval");
    }
  }

  @Test
  void theProcessLogsWhereItListensFoldsAndStopsOnSigterm() throws Exception {
    try (ComputeItSupport it = new ComputeItSupport(2)) {
      Map<String, String> settings = new LinkedHashMap<>(it.settings(dir.resolve("su-key.json")));
      Path log = dir.resolve("cu.log");
      Files.createFile(log);
      // Assignments straight from a test SU key, so no SU is needed here.
      io.vowstream.dataitem.Signer suKey = io.vowstream.dataitem.Signer.ed25519(ComputeItSupport.randomSeed());
      DataItem p = it.counter(3);
      ComputeItSupport.Chain c = new ComputeItSupport.Chain(suKey, DataItems.id(p));
      io.vowstream.testkit.TestKafka.createTopics(2, Map.of(), it.assignments);
      it.assign(c.boot(p));
      it.assign(c.msg(it.increment(c.pid, 4)));
      it.producer.flush();
      UnitProcess unit = UnitProcess.start(ComputeUnitMain.class, settings, log);
      try {
        String url = unit.awaitListening(0, Duration.ofSeconds(60));
        assertThat(url).startsWith("http://");
        JsonNode state = it.awaitJson(url + "/state/" + c.pid, n -> n.path("nonce").asLong() == 1);
        assertThat(state.path("state").path("count").asLong()).isEqualTo(7);
      } finally {
        unit.close(); // SIGTERM
      }
      assertThat(unit.isAlive()).isFalse();
      assertThat(unit.log()).contains("compute unit consuming").doesNotContain("fatal error");
    }
  }
}
