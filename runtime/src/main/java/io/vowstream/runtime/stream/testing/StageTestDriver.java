package io.vowstream.runtime.stream.testing;

import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.PartitionProcessor;
import io.vowstream.runtime.stream.StateRecord;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link PartitionProcessor} the way {@link io.vowstream.runtime.stream.TransactionalStage}
 * does, with in-memory topics instead of a broker.
 *
 * <p>{@link #send} appends to the input topic. {@link #commit} processes everything not yet
 * committed, one transaction per call (one {@code process} call per partition, in offset order),
 * and appends the outputs to the in-memory topics. {@link #abort} processes the same way and then
 * throws the outputs away and restores the partitions, as the stage does after a failed
 * transaction. {@link #crash} replaces the processor with a fresh one restored from the state
 * topic, as after a restart. After every restore, reading starts at the committed offset or at the
 * processor's earlier {@link PartitionProcessor#replayFrom} offset. The state topic's log is kept whole; {@link #compactState} drops
 * the records a log cleaner would.
 */
public final class StageTestDriver {
  private final String inputTopic;
  private final String stateTopic;
  private final int partitions;
  private final Supplier<? extends PartitionProcessor> processors;
  private PartitionProcessor processor;
  private final List<List<InputRecord>> input = new ArrayList<>();
  private final long[] committed;
  /** Where the next transaction starts reading: the committed offset, or earlier after a restore. */
  private final long[] position;
  private final Map<String, List<OutputRecord>> topics = new LinkedHashMap<>();
  private long clockMillis;

  /**
   * A driver over {@code partitions} partitions. {@code processors} makes the processor now and a
   * fresh one on every {@link #crash}; each starts with a restore of every partition.
   */
  public StageTestDriver(String inputTopic, String stateTopic, int partitions,
      Supplier<? extends PartitionProcessor> processors) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be positive, got " + partitions);
    }
    if (inputTopic.equals(stateTopic)) {
      throw new IllegalArgumentException("the state topic must differ from the input topic " + inputTopic);
    }
    this.inputTopic = inputTopic;
    this.stateTopic = stateTopic;
    this.partitions = partitions;
    this.processors = processors;
    this.committed = new long[partitions];
    this.position = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      input.add(new ArrayList<>());
    }
    this.processor = processors.get();
    restoreAll();
  }

  /** Appends a record to input partition {@code partition}; returns its offset. */
  public long send(int partition, byte @Nullable [] key, byte @Nullable [] value) {
    return send(partition, key, value, Map.of());
  }

  /** Appends a record with headers; returns its offset. */
  public long send(int partition, byte @Nullable [] key, byte @Nullable [] value, Map<String, String> headers) {
    checkPartition(partition);
    List<InputRecord> log = input.get(partition);
    long offset = log.size();
    log.add(new InputRecord(inputTopic, partition, offset, key, value, clockMillis, headers));
    return offset;
  }

  /** Sets the timestamp given to records sent from now on. */
  public void setRecordTime(long millis) {
    this.clockMillis = millis;
  }

  /** Records of the input not committed yet. */
  public int uncommitted() {
    int n = 0;
    for (int p = 0; p < partitions; p++) {
      n += input.get(p).size() - (int) committed[p];
    }
    return n;
  }

  /** Processes every uncommitted record as one transaction and commits it; returns the outputs. */
  public List<OutputRecord> commit() {
    List<OutputRecord> outputs = processPending();
    for (OutputRecord out : outputs) {
      topics.computeIfAbsent(out.topic(), t -> new ArrayList<>()).add(out);
    }
    for (int p = 0; p < partitions; p++) {
      committed[p] = input.get(p).size();
      position[p] = committed[p];
    }
    return outputs;
  }

  /**
   * Processes every uncommitted record, then aborts: the outputs are discarded, the partitions
   * involved are restored from the state topic and their records stay uncommitted. Returns the
   * discarded outputs.
   */
  public List<OutputRecord> abort() {
    List<OutputRecord> discarded = processPending();
    for (int p = 0; p < partitions; p++) {
      if (position[p] < input.get(p).size()) {
        restore(p);
      }
    }
    return discarded;
  }

  /** A restart: a fresh processor from the factory, every partition restored from the state topic. */
  public void crash() {
    for (int p = 0; p < partitions; p++) {
      processor.drop(p);
    }
    processor = processors.get();
    restoreAll();
  }

  /** Keeps only the last record per key in the state topic and removes tombstones, like compaction. */
  public void compactState() {
    List<OutputRecord> log = topics.getOrDefault(stateTopic, List.of());
    Map<String, OutputRecord> last = new LinkedHashMap<>();
    for (OutputRecord r : log) {
      String k = r.partition() + "/" + HexFormat.of().formatHex(Objects.requireNonNull(r.key(), "state record without key"));
      last.remove(k);
      last.put(k, r);
    }
    List<OutputRecord> compacted = new ArrayList<>();
    for (OutputRecord r : last.values()) {
      if (r.value() != null) {
        compacted.add(r);
      }
    }
    topics.put(stateTopic, compacted);
  }

  /** Everything committed to {@code topic}, in commit order. */
  public List<OutputRecord> output(String topic) {
    return List.copyOf(topics.getOrDefault(topic, List.of()));
  }

  /** The state topic's partition as a restore would read it. */
  public List<StateRecord> stateRecords(int partition) {
    checkPartition(partition);
    List<StateRecord> out = new ArrayList<>();
    for (OutputRecord r : topics.getOrDefault(stateTopic, List.of())) {
      if (Objects.equals(r.partition(), partition) && r.key() != null) {
        out.add(new StateRecord(r.key(), r.value()));
      }
    }
    return out;
  }

  /** The processor currently driven (it changes on {@link #crash}). */
  public PartitionProcessor processor() {
    return processor;
  }

  private List<OutputRecord> processPending() {
    List<OutputRecord> outputs = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      List<InputRecord> log = input.get(p);
      if (position[p] >= log.size()) {
        continue;
      }
      List<InputRecord> batch = List.copyOf(log.subList((int) position[p], log.size()));
      for (OutputRecord out : processor.process(p, batch)) {
        if (out.topic().equals(stateTopic) && !Objects.equals(out.partition(), p)) {
          throw new IllegalStateException("processor wrote a state record for input partition " + p
              + " to state partition " + out.partition() + "; state must be co-partitioned");
        }
        outputs.add(out);
      }
    }
    return outputs;
  }

  private void restoreAll() {
    for (int p = 0; p < partitions; p++) {
      restore(p);
    }
  }

  /** Restores a partition and rewinds to the committed offset or the processor's replay offset. */
  private void restore(int p) {
    processor.restore(p, stateRecords(p));
    position[p] = committed[p];
    java.util.OptionalLong from = processor.replayFrom(p);
    if (from.isPresent() && from.getAsLong() < committed[p]) {
      position[p] = Math.max(0, from.getAsLong());
    }
  }

  private void checkPartition(int partition) {
    if (partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException("partition " + partition + " is outside 0.." + (partitions - 1));
    }
  }
}
