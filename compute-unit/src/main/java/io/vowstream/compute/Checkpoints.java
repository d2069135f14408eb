package io.vowstream.compute;

import io.vowstream.schemas.CommittedNonce;
import io.vowstream.schemas.ComputeState;
import io.vowstream.schemas.ProcessCheckpoint;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamSerdes;
import io.vowstream.schemas.ZonePart;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;

/**
 * The CU's state records as Avro {@link ComputeState} values in the Confluent wire format (like the
 * SU's {@code SchedulerState}): a process checkpoint under {@code c/<pid>}, the committed nonce
 * under {@code t/<pid>}, and the parts of a zone too large for one record under {@code
 * z/<pid>/<index>}.
 *
 * <p>A zone above the part size (512 KiB by default) is split: Kafka refuses records above about
 * 1 MiB, and a checkpoint it refuses would fail every transaction of its partition. The header
 * record then says how many parts there are; header and parts are written in one transaction,
 * and a later checkpoint with fewer parts deletes the ones it no longer uses.
 */
final class Checkpoints {
  /** Zones up to this size stay in their checkpoint record; larger ones are split into parts of this size. */
  static final int ZONE_PART_BYTES = 512 * 1024;

  private final String topic;
  private final Serde<ComputeState> serde;

  Checkpoints(String stateTopic, SchemaRegistryClient registry) {
    this.topic = stateTopic;
    this.serde = VowstreamSerdes.value(ComputeState.class, registry);
  }

  /** What a restore reads back from a {@code c/} record and its parts. */
  record Restored(ProcessCheckpoint checkpoint, byte[] zone) {}

  /** A checkpoint as record values: the {@code c/} header and, for a large zone, its parts in order. */
  record Written(byte[] header, List<byte[]> parts) {
    int bytes() {
      return header.length + parts.stream().mapToInt(p -> p.length).sum();
    }
  }

  Written checkpoint(ProcessFold f, byte[] zone, int partBytes) {
    boolean split = zone.length > partBytes;
    List<byte[]> parts = new ArrayList<>();
    if (split) {
      for (int from = 0, index = 0; from < zone.length; from += partBytes, index++) {
        ZonePart part = ZonePart.newBuilder().setIndex(index)
            .setPart(ByteBuffer.wrap(zone, from, Math.min(partBytes, zone.length - from))).build();
        parts.add(serde.serializer().serialize(topic,
            ComputeState.newBuilder().setProcessId(f.processId).setEntry(part).build()));
      }
    }
    ProcessCheckpoint c = ProcessCheckpoint.newBuilder().setLastNonce(f.lastNonce)
        .setLastAssignmentId(f.lastAssignmentId).setHashChain(f.hashChain).setModule(f.moduleRef)
        .setOwner(f.owner).setHalted(f.halted).setHaltReason(f.haltReason).setLastOffset(f.lastOffset)
        .setLastTimestamp(f.lastTimestamp).setZone(ByteBuffer.wrap(split ? new byte[0] : zone))
        .setZoneParts(parts.size()).build();
    byte[] header = serde.serializer().serialize(topic,
        ComputeState.newBuilder().setProcessId(f.processId).setEntry(c).build());
    return new Written(header, parts);
  }

  /**
   * Reads a checkpoint record and, when its zone was split, joins the parts.
   *
   * @param parts the process's {@code z/} record values by index, as the restore found them
   * @throws IllegalArgumentException naming the process when the bytes are not a checkpoint of it
   *     or a part is missing or misplaced
   */
  Restored readCheckpoint(String processId, byte[] value, Map<Integer, byte[]> parts) {
    if (!(read(processId, value).getEntry() instanceof ProcessCheckpoint c)) {
      throw new IllegalArgumentException("state record c/" + processId + " is not a process checkpoint");
    }
    if (c.getZoneParts() == 0) {
      return new Restored(c, bytes(c.getZone()));
    }
    ByteArrayOutputStream zone = new ByteArrayOutputStream();
    for (int i = 0; i < c.getZoneParts(); i++) {
      byte[] partValue = parts.get(i);
      if (partValue == null) {
        throw new IllegalArgumentException("the checkpoint of " + processId + " has " + c.getZoneParts()
            + " zone parts, but z/" + processId + "/" + i + " is missing");
      }
      if (!(read(processId, partValue).getEntry() instanceof ZonePart p) || p.getIndex() != i) {
        throw new IllegalArgumentException("state record z/" + processId + "/" + i + " is not zone part " + i);
      }
      zone.writeBytes(bytes(p.getPart()));
    }
    return new Restored(c, zone.toByteArray());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
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
