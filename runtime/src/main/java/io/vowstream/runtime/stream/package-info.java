/**
 * A reusable exactly-once stream stage over plain kafka-clients, carried by Project Reactor.
 *
 * <p>{@link io.vowstream.runtime.stream.TransactionalStage} consumes one input topic
 * ({@code read_committed}, manual offsets) on its own platform thread, hands poll batches to a
 * single processing thread through a {@code Flux} whose demand pauses and resumes the consumer,
 * and commits each batch as one Kafka transaction: the outputs, the state-topic records and the
 * consumed offsets. The unit's logic is a broker-free {@link
 * io.vowstream.runtime.stream.PartitionProcessor}; its per-partition state lives in a compacted
 * state topic that is co-partitioned with the input (state of input partition p is in state-topic
 * partition p) and is read back whenever a partition is assigned or a transaction is aborted.
 *
 * <p>{@link io.vowstream.runtime.stream.testing.StageTestDriver} runs a processor without a broker.
 */
@NullMarked
package io.vowstream.runtime.stream;

import org.jspecify.annotations.NullMarked;
