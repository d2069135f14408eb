package io.vowstream.messenger;

import io.vowstream.testkit.UnitProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MessengerUnitMain} as an OS process: exit codes, and a SIGKILL in the middle of cranking. */
class MessengerUnitMainIT {
  @TempDir
  Path dir;

  @Test
  void aConfigurationErrorExitsWithTwoAndNamesTheKey() throws Exception {
    Path log = Files.createFile(dir.resolve("config.log"));
    try (UnitProcess mu = UnitProcess.start(MessengerUnitMain.class, Map.of(VowstreamConfig.MU_MAX_ITEM_BYTES.name(), "-1"), log)) {
      assertThat(mu.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(mu.log()).contains("configuration error").contains("vowstream.mu.max.item.bytes");
    }
  }

  @Test
  void killedWhileCrankingEveryPushIsCommittedExactlyOnceWithItsOwnId() throws Exception {
    try (MuItSupport it = new MuItSupport(2)) {
      Map<String, String> settings = new LinkedHashMap<>(it.settings());
      settings.put(VowstreamConfig.MU_KEY_FILE.name(), dir.resolve("mu-key.json").toString());
      settings.put(VowstreamConfig.MU_TRANSACTION_MAX_RECORDS.name(), "5");
      settings.put(VowstreamConfig.MU_HTTP_PORT.name(), "0");
      List<String> sources = new ArrayList<>();
      String target = DataItems.id(it.process());
      for (int i = 0; i < 4; i++) {
        DataItem p = it.process();
        it.announce(p);
        sources.add(DataItems.id(p));
      }
      int results = 0;
      for (int nonce = 1; nonce <= 30; nonce++) {
        for (String pid : sources) {
          List<OutboxMessage> out = new ArrayList<>(List.of(Fixtures.outbox(target, pid + "/" + nonce + "/a"),
              Fixtures.outbox(target, pid + "/" + nonce + "/b")));
          it.sendResult(Fixtures.result(pid, nonce, "run-" + it.suffix + "-" + pid + "-" + nonce).setMessages(out).build());
          results++;
        }
      }
      int expected = 2 * results;
      Path log = Files.createFile(dir.resolve("mu.log"));
      try (UnitProcess first = UnitProcess.start(MessengerUnitMain.class, settings, log)) {
        first.awaitListening(0, Duration.ofSeconds(90));
        it.scheduledUntil(items -> items.size() >= 10); // some transactions committed, others not yet
        first.kill();
      }
      long offset = Files.size(log); // the first run's "listening" line must not count
      try (UnitProcess second = UnitProcess.start(MessengerUnitMain.class, settings, log)) {
        second.awaitListening(offset, Duration.ofSeconds(90));
        List<DataItem> pushed = it.scheduledUntil(items -> items.size() >= expected);
        // committed pushes: each outbox entry exactly once, each with its own id
        assertThat(pushed).as("log:%n%s", second.log()).hasSize(expected);
        Map<String, String> idByEntry = new HashMap<>();
        for (DataItem item : pushed) {
          String entry = new String(item.getData().array(), StandardCharsets.UTF_8);
          assertThat(idByEntry.put(entry, DataItems.id(item))).as("entry %s pushed twice", entry).isNull();
        }
        assertThat(Set.copyOf(idByEntry.values())).hasSize(expected);
        // ... and in the order each source produced them
        for (String pid : sources) {
          List<String> order = pushed.stream().map(i -> new String(i.getData().array(), StandardCharsets.UTF_8))
              .filter(s -> s.startsWith(pid + "/")).toList();
          List<String> want = new ArrayList<>();
          for (int nonce = 1; nonce <= 30; nonce++) {
            want.add(pid + "/" + nonce + "/a");
            want.add(pid + "/" + nonce + "/b");
          }
          assertThat(order).isEqualTo(want);
        }
        Set<String> owners = new HashSet<>();
        pushed.forEach(i -> owners.add(DataItems.ownerAddress(i)));
        assertThat(owners).as("one MU key across the restart").hasSize(1);
      }
    }
  }
}
