package io.vowstream.compute;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The binary form of the CU's state records. Version byte first, so a later form can be read beside
 * this one. (A plain binary form rather than Avro: the schemas module has no CU state record yet.)
 */
final class Checkpoints {
  private static final byte VERSION = 1;

  private Checkpoints() {}

  static byte[] checkpoint(ProcessFold f, byte[] snapshot) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(f.lastNonce);
      writeNullable(out, f.lastAssignmentId);
      writeNullable(out, f.hashChain);
      writeNullable(out, f.moduleRef);
      out.writeBoolean(f.halted);
      writeNullable(out, f.haltReason);
      out.writeLong(f.lastOffset);
      out.writeInt(snapshot.length);
      out.write(snapshot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a checkpoint into a new fold.
   *
   * @throws IllegalArgumentException naming the process when the bytes are not a checkpoint
   */
  static ProcessFold readCheckpoint(String processId, byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("checkpoint of process " + processId + " has version " + version
            + "; this CU reads version " + VERSION);
      }
      ProcessFold f = new ProcessFold(processId);
      f.lastNonce = in.readLong();
      f.lastAssignmentId = readNullable(in);
      f.hashChain = readNullable(in);
      f.moduleRef = readNullable(in);
      f.halted = in.readBoolean();
      f.haltReason = readNullable(in);
      f.lastOffset = in.readLong();
      byte[] snapshot = new byte[in.readInt()];
      in.readFully(snapshot);
      f.committedNonce = f.lastNonce;
      f.restoreSnapshot(snapshot);
      return f;
    } catch (IOException e) {
      throw new IllegalArgumentException("checkpoint of process " + processId + " is truncated or corrupt: " + e, e);
    }
  }

  static byte[] tail(long committedNonce) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(committedNonce);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static long readTail(String processId, byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("tail of process " + processId + " has version " + version
            + "; this CU reads version " + VERSION);
      }
      return in.readLong();
    } catch (IOException e) {
      throw new IllegalArgumentException("tail of process " + processId + " is truncated or corrupt: " + e, e);
    }
  }

  private static void writeNullable(DataOutputStream out, @Nullable String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static @Nullable String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
