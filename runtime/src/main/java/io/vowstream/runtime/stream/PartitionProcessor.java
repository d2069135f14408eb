package io.vowstream.runtime.stream;

import java.util.List;

/**
 * The logic of a stage, free of Kafka clients: it keeps state per input partition, turns batches
 * of input records into output records, and rebuilds a partition's state from its state-topic
 * records.
 *
 * <p>Contract with the stage (and with {@link io.vowstream.runtime.stream.testing.StageTestDriver}):
 *
 * <ul>
 *   <li>Calls never overlap: the stage serialises them, possibly from different threads.
 *   <li>{@link #restore} is called before the first {@link #process} of a partition, and again
 *       after a transaction that included the partition was aborted; it replaces any state the
 *       processor holds for the partition (including changes made by the aborted batch).
 *   <li>The outputs of a {@link #process} call are committed atomically with the consumed
 *       offsets, or not at all. State changes that must survive are written as outputs to the
 *       state topic with the input partition as their explicit partition.
 *   <li>An exception from {@link #process} aborts the transaction; the batch is then re-read after
 *       a restore. Bad input should therefore become an output (e.g. a rejection), not an exception.
 * </ul>
 */
public interface PartitionProcessor {

  /** Replaces the partition's state with the one built from {@code records}, in log order. */
  void restore(int partition, List<StateRecord> records);

  /**
   * Where the stage must start reading the input partition after {@link #restore}, when that is
   * earlier than the committed offset: a processor whose state topic holds periodic checkpoints
   * rather than every change returns the input offset its oldest checkpoint covers, and
   * re-processes (without writing outputs again) what lies between. Empty by default: read from the
   * committed offset.
   */
  default java.util.OptionalLong replayFrom(int partition) {
    return java.util.OptionalLong.empty();
  }

  /** Forgets the partition's state (it was revoked or the stage is closing). */
  void drop(int partition);

  /** Processes one batch of a partition's records, in offset order, returning what to write. */
  List<OutputRecord> process(int partition, List<InputRecord> batch);
}
