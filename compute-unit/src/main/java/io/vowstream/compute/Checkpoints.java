package io.vowstream.compute;

import io.vowstream.schemas.CommittedNonce;
import io.vowstream.schemas.ComputeState;
import io.vowstream.schemas.ProcessCheckpoint;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamSerdes;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;

/**
 * The CU's state records as Avro {@link ComputeState} values in the Confluent wire format (like the
 * SU's {@code SchedulerState}): a process checkpoint under {@code c/<pid>}, the committed nonce
 * under {@code t/<pid>}.
 */
final class Checkpoints {
  private final String topic;
  private final Serde<ComputeState> serde;

  Checkpoints(String stateTopic, SchemaRegistryClient registry) {
    this.topic = stateTopic;
    this.serde = VowstreamSerdes.value(ComputeState.class, registry);
  }

  /** What a restore reads back from a {@code c/} record. */
  record Restored(ProcessCheckpoint checkpoint, byte[] zone) {}

  byte[] checkpoint(ProcessFold f, byte[] zone) {
    ProcessCheckpoint c = ProcessCheckpoint.newBuilder().setLastNonce(f.lastNonce)
        .setLastAssignmentId(f.lastAssignmentId).setHashChain(f.hashChain).setModule(f.moduleRef)
        .setOwner(f.owner).setHalted(f.halted).setHaltReason(f.haltReason).setLastOffset(f.lastOffset)
        .setLastTimestamp(f.lastTimestamp).setZone(ByteBuffer.wrap(zone)).build();
    return serde.serializer().serialize(topic, ComputeState.newBuilder().setProcessId(f.processId).setEntry(c).build());
  }

  /**
   * Reads a checkpoint record.
   *
   * @throws IllegalArgumentException naming the process when the bytes are not a checkpoint of it
   */
  Restored readCheckpoint(String processId, byte[] value) {
    if (!(read(processId, value).getEntry() instanceof ProcessCheckpoint c)) {
      throw new IllegalArgumentException("state record c/" + processId + " is not a process checkpoint");
    }
    ByteBuffer b = c.getZone().duplicate();
    byte[] zone = new byte[b.remaining()];
    b.get(zone);
    return new Restored(c, zone);
  }

  /** Applies the bookkeeping of a checkpoint to a fold. */
  static void apply(ProcessCheckpoint c, ProcessFold f) {
    f.lastNonce = c.getLastNonce();
    f.lastAssignmentId = c.getLastAssignmentId();
    f.hashChain = c.getHashChain();
    f.moduleRef = c.getModule();
    f.owner = c.getOwner();
    f.halted = c.getHalted();
    f.haltReason = c.getHaltReason();
    f.lastOffset = c.getLastOffset();
    f.lastTimestamp = c.getLastTimestamp();
    f.committedNonce = f.lastNonce;
  }

  byte[] tail(String processId, long committedNonce) {
    return serde.serializer().serialize(topic, ComputeState.newBuilder().setProcessId(processId)
        .setEntry(CommittedNonce.newBuilder().setNonce(committedNonce).build()).build());
  }

  long readTail(String processId, byte[] value) {
    if (!(read(processId, value).getEntry() instanceof CommittedNonce n)) {
      throw new IllegalArgumentException("state record t/" + processId + " is not a committed nonce");
    }
    return n.getNonce();
  }

  private ComputeState read(String processId, byte[] value) {
    ComputeState s;
    try {
      s = serde.deserializer().deserialize(topic, value);
    } catch (SerializationException e) {
      throw new IllegalArgumentException("state record of process " + processId + " does not decode: "
          + e.getMessage(), e);
    }
    if (s == null || !s.getProcessId().equals(processId)) {
      throw new IllegalArgumentException("state record keyed by process " + processId + " holds "
          + (s == null ? "nothing" : "process " + s.getProcessId()));
    }
    return s;
  }
}
