package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.stream.StateRecord;
import io.vowstream.schemas.ComputeState;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ProcessCheckpoint;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.serde.VowstreamSerdes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints whose zone is larger than one part: split into {@code z/<pid>/<i>} records beside
 * the {@code c/<pid>} header, joined again on restore, and cleaned up when a later checkpoint
 * needs fewer parts. A small part size stands in for the 512 KiB of production.
 */
class LargeCheckpointTest {
  static final int PART = 1024;

  final Schedules f = new Schedules(s -> s.withModules(ModuleRegistry.of(new BlobModule())), FoldObserver.NONE, PART);
  final DataItem process = f.process("blob@1");
  final Schedules.Chain c = f.chain(process);

  private void store(int bytes) {
    byte[] data = new byte[bytes];
    Arrays.fill(data, (byte) 'x');
    f.send(0, c.msg(message("Store", data)));
  }

  private DataItem message(String action, byte[] data) {
    return DataItems.sign(Schedules.USER, Base64Url.decode(c.pid), null, List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Message"), new Tag("Action", action), new Tag("Serial", Long.toString(c.nextNonce))), data);
  }

  /** Boots the process and stores 4 × 700 bytes: a zone of at least three parts. */
  private void bootAndStoreFourBlobs() {
    f.send(0, c.boot(process));
    for (int i = 0; i < 4; i++) {
      store(700);
    }
    f.driver.commit();
  }

  /** The state topic's partition 0 as compaction would leave it: the last value per key, null for a tombstone. */
  private Map<String, byte @Nullable []> latest() {
    Map<String, byte @Nullable []> out = new LinkedHashMap<>();
    for (StateRecord r : f.driver.stateRecords(0)) {
      out.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
    }
    return out;
  }

  private ProcessCheckpoint header() {
    byte[] value = latest().get("c/" + c.pid);
    return (ProcessCheckpoint) VowstreamSerdes.value(ComputeState.class, f.registry).deserializer()
        .deserialize(Schedules.STATE, value).getEntry();
  }

  private long liveParts() {
    return latest().entrySet().stream()
        .filter(e -> e.getKey().startsWith("z/" + c.pid + "/") && e.getValue() != null).count();
  }

  @Test
  void aZoneLargerThanOnePartIsSplitAndJoinedAgainOnRestore() {
    bootAndStoreFourBlobs();

    ProcessCheckpoint header = header();
    assertThat(header.getZoneParts()).isGreaterThanOrEqualTo(3);
    assertThat(header.getZone().remaining()).isZero();
    assertThat(liveParts()).isEqualTo(header.getZoneParts());
    assertThat(f.driver.stateRecords(0)).allSatisfy(r -> assertThat(r.value() == null ? 0 : r.value().length)
        .isLessThanOrEqualTo(PART + 128));
    byte[] before = f.fold(0, c.pid).snapshot();

    f.driver.crash();
    assertThat(f.fold(0, c.pid).snapshot()).isEqualTo(before);
    store(10);
    f.driver.commit();
    assertThat(f.results(c.pid)).extracting(Result::getNonce).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(f.fold(0, c.pid).state().keys()).hasSize(5);
  }

  @Test
  void aSmallerCheckpointDeletesThePartsItNoLongerUses() {
    bootAndStoreFourBlobs();
    long parts = liveParts();
    assertThat(parts).isGreaterThanOrEqualTo(3);

    f.send(0, c.msg(message("Clear", new byte[0])));
    f.driver.commit();
    int now = header().getZoneParts();
    assertThat(now).isLessThan((int) parts);
    assertThat(liveParts()).as("the parts beyond the new count are deleted by tombstones").isEqualTo(now);
    assertThat(latest().keySet().stream().filter(k -> k.startsWith("z/"))).hasSize((int) parts);

    f.driver.compactState();
    f.driver.crash();
    assertThat(f.fold(0, c.pid).state().keys()).isEmpty();
    assertThat(f.fold(0, c.pid).lastNonce).isEqualTo(5);
  }

  @Test
  void aMissingPartFailsTheRestoreNamingIt() {
    bootAndStoreFourBlobs();
    List<StateRecord> withoutPart1 = f.driver.stateRecords(0).stream()
        .filter(r -> !new String(r.key(), StandardCharsets.UTF_8).equals("z/" + c.pid + "/1")).toList();

    FoldProcessor restored = f.newProcessor();
    assertThatThrownBy(() -> restored.restore(0, withoutPart1))
        .hasMessageContaining("z/" + c.pid + "/1 is missing");
  }
}
