package io.vowstream.runtime.stream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.PartitionProcessor;
import io.vowstream.runtime.stream.StateRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver keeps the stage's contract: restore first, atomic commit, abort and crash restore. */
class StageTestDriverTest {

  /** Counts records per partition; the count is its state, written as state record "n". */
  static class Counting implements PartitionProcessor {
    final Map<Integer, Integer> counts = new HashMap<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public void restore(int partition, List<StateRecord> records) {
      calls.add("restore " + partition + " " + records.size());
      int n = 0;
      for (StateRecord r : records) {
        n = r.value() == null ? 0 : Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8));
      }
      counts.put(partition, n);
    }

    @Override
    public void drop(int partition) {
      calls.add("drop " + partition);
      counts.remove(partition);
    }

    @Override
    public List<OutputRecord> process(int partition, List<InputRecord> batch) {
      calls.add("process " + partition + " " + batch.size());
      int n = counts.get(partition) + batch.size();
      counts.put(partition, n);
      return List.of(
          OutputRecord.keyed("out", bytes("k"), bytes(partition + ":" + n)),
          OutputRecord.toPartition("state", partition, bytes("n"), bytes(Integer.toString(n))));
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  final List<Counting> made = new ArrayList<>();
  final StageTestDriver driver = new StageTestDriver("in", "state", 2, () -> {
    Counting c = new Counting();
    made.add(c);
    return c;
  });

  @Test
  void everyPartitionIsRestoredBeforeItIsProcessed() {
    assertThat(made).hasSize(1);
    assertThat(made.getFirst().calls).containsExactly("restore 0 0", "restore 1 0");
    driver.send(1, null, bytes("a"));
    driver.commit();
    assertThat(made.getFirst().calls).endsWith("process 1 1");
  }

  @Test
  void commitWritesOutputsAndAdvancesOffsets() {
    assertThat(driver.send(0, null, bytes("a"))).isZero();
    assertThat(driver.send(0, null, bytes("b"), Map.of("h", "v"))).isEqualTo(1);
    assertThat(driver.uncommitted()).isEqualTo(2);
    List<OutputRecord> out = driver.commit();
    assertThat(out).hasSize(2);
    assertThat(driver.uncommitted()).isZero();
    assertThat(driver.output("out")).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("0:2");
    assertThat(driver.commit()).isEmpty();
  }

  @Test
  void abortDiscardsOutputsRestoresAndKeepsInputUncommitted() {
    driver.send(0, null, bytes("a"));
    driver.commit();
    driver.send(0, null, bytes("b"));
    assertThat(driver.abort()).hasSize(2);
    assertThat(driver.output("out")).hasSize(1);
    assertThat(driver.uncommitted()).isEqualTo(1);
    assertThat(made.getFirst().counts.get(0)).isEqualTo(1); // restored, not 2
    driver.commit();
    assertThat(driver.output("out")).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly("0:1", "0:2");
  }

  @Test
  void crashMakesAFreshProcessorFromTheStateTopic() {
    driver.send(1, null, bytes("a"));
    driver.send(1, null, bytes("b"));
    driver.commit();
    driver.crash();
    assertThat(made).hasSize(2);
    assertThat(made.getFirst().calls).contains("drop 0", "drop 1");
    assertThat(driver.processor()).isSameAs(made.get(1));
    assertThat(made.get(1).counts).containsEntry(1, 2).containsEntry(0, 0);
  }

  @Test
  void compactionKeepsTheLastValuePerKeyAndDropsTombstones() {
    for (int i = 0; i < 3; i++) {
      driver.send(0, null, bytes("x"));
      driver.commit();
    }
    assertThat(driver.stateRecords(0)).hasSize(3);
    driver.compactState();
    assertThat(driver.stateRecords(0)).singleElement()
        .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("3"));
    assertThat(driver.stateRecords(1)).isEmpty();
  }

  @Test
  void tombstonesDisappearOnCompaction() {
    StageTestDriver d = new StageTestDriver("in", "state", 1, () -> new PartitionProcessor() {
      @Override
      public void restore(int partition, List<StateRecord> records) {}

      @Override
      public void drop(int partition) {}

      @Override
      public List<OutputRecord> process(int partition, List<InputRecord> batch) {
        return List.of(OutputRecord.toPartition("state", 0, bytes("k"), bytes("v")),
            OutputRecord.toPartition("state", 0, bytes("k"), null));
      }
    });
    d.send(0, null, bytes("x"));
    d.commit();
    assertThat(d.stateRecords(0)).hasSize(2);
    d.compactState();
    assertThat(d.stateRecords(0)).isEmpty();
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> driver.send(2, null, null)).hasMessageContaining("partition 2 is outside 0..1");
    assertThatThrownBy(() -> new StageTestDriver("t", "t", 1, Counting::new))
        .hasMessageContaining("must differ from the input topic t");
    assertThatThrownBy(() -> new StageTestDriver("a", "b", 0, Counting::new))
        .hasMessageContaining("partitions must be positive, got 0");
  }

  @Test
  void recordsCarryTimeHeadersAndOffsets() {
    driver.setRecordTime(1234);
    driver.send(0, bytes("key"), bytes("v"), Map.of("a", "b"));
    List<InputRecord> seen = new ArrayList<>();
    StageTestDriver d = new StageTestDriver("in", "state", 1, () -> new PartitionProcessor() {
      @Override
      public void restore(int partition, List<StateRecord> records) {}

      @Override
      public void drop(int partition) {}

      @Override
      public List<OutputRecord> process(int partition, List<InputRecord> batch) {
        seen.addAll(batch);
        return List.of();
      }
    });
    d.setRecordTime(99);
    d.send(0, bytes("key"), bytes("v"), Map.of("a", "b"));
    d.commit();
    assertThat(seen).singleElement().satisfies(r -> {
      assertThat(r.timestamp()).isEqualTo(99);
      assertThat(r.headers()).containsEntry("a", "b");
      assertThat(r.offset()).isZero();
      assertThat(r.topic()).isEqualTo("in");
    });
  }

  @Test
  void afterACrashReadingStartsAtTheProcessorsReplayOffset() {
    List<Long> seen = new ArrayList<>();
    StageTestDriver replaying = new StageTestDriver("in", "state", 1, () -> new Counting() {
      @Override
      public java.util.OptionalLong replayFrom(int partition) {
        return java.util.OptionalLong.of(1);
      }

      @Override
      public List<OutputRecord> process(int partition, List<InputRecord> batch) {
        batch.forEach(r -> seen.add(r.offset()));
        return super.process(partition, batch);
      }
    });
    replaying.send(0, null, bytes("a"));
    replaying.send(0, null, bytes("b"));
    replaying.send(0, null, bytes("c"));
    replaying.commit();
    replaying.crash();
    replaying.send(0, null, bytes("d"));
    replaying.commit();
    assertThat(seen).containsExactly(0L, 1L, 2L, 1L, 2L, 3L);
  }
}
