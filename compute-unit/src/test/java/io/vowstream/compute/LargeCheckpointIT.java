package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import io.vowstream.testkit.CommittedRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A process whose checkpoint outgrows Kafka's record limit (about 1 MiB), on a real broker: the CU
 * writes the zone in parts and commits its results, and a second CU restores the process from
 * those parts and goes on. As one record the checkpoint would fail every transaction of its
 * partition.
 */
class LargeCheckpointIT {
  static final ModuleRegistry MODULES = ModuleRegistry.of(new CounterModule(), new TokenModule(), new BlobModule());

  @Test
  void aCheckpointLargerThanAKafkaRecordIsWrittenInPartsAndRestored() throws Exception {
    try (ComputeItSupport it = new ComputeItSupport(1)) {
      Map<String, String> settings = new LinkedHashMap<>(it.settings(Files.createTempDirectory("cu-large").resolve("k.json")));
      settings.put(VowstreamConfig.CU_CHECKPOINT_INTERVAL.name(), "1");
      VowstreamConfig config = ComputeItSupport.config(settings);
      DataItem process = DataItems.sign(it.user, null, null, List.of(new Tag("Data-Protocol", "ao"),
          new Tag("Type", "Process"), new Tag("Module", "blob@1"), new Tag("Scheduler", "su")), new byte[0]);
      String pid = DataItems.id(process);
      ComputeItSupport.Chain c = new ComputeItSupport.Chain(Signer.ed25519(ComputeItSupport.randomSeed()), pid);
      it.assign(c.boot(process));
      for (int i = 0; i < 3; i++) {
        it.assign(c.msg(store(it, pid, 400_000, i))); // 1.2 MB of state after the third
      }
      it.producer.flush();

      try (ComputeUnit cu = ComputeUnit.builder(config).modules(MODULES).start()) {
        List<Result> rs = it.awaitResults(pid, 4);
        assertThat(rs).extracting(Result::getNonce).containsExactly(0L, 1L, 2L, 3L);
        assertThat(rs).allSatisfy(r -> assertThat(r.getError()).isNull());
      }
      List<String> parts = CommittedRecords.readAll(it.cuState).stream()
          .map(r -> new String(r.key(), StandardCharsets.UTF_8)).filter(k -> k.startsWith("z/" + pid + "/"))
          .distinct().toList();
      assertThat(parts).as("zone parts of the last checkpoint").hasSizeGreaterThanOrEqualTo(3);

      it.assign(c.msg(store(it, pid, 10, 9)));
      it.producer.flush();
      try (ComputeUnit cu = ComputeUnit.builder(config).modules(MODULES).start()) {
        List<Result> rs = it.awaitResults(pid, 5);
        assertThat(rs.getLast().getNonce()).isEqualTo(4L);
        assertThat(rs.getLast().getOutput()).isEqualTo("stored 10 bytes");
        JsonNode state = it.awaitJson(cu.httpUrl() + "/state/" + pid, j -> j.path("nonce").asLong() == 4);
        JsonNode blobs = state.get("state");
        assertThat(blobs.size()).isEqualTo(4);
        assertThat(blobs.get("blob-3").asText()).hasSize(400_000);
      }
    }
  }

  private static DataItem store(ComputeItSupport it, String pid, int bytes, int serial) {
    byte[] data = new byte[bytes];
    Arrays.fill(data, (byte) ('a' + serial));
    return DataItems.sign(it.user, Base64Url.decode(pid), null, List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Message"), new Tag("Action", "Store"), new Tag("Serial", Integer.toString(serial))), data);
  }
}
