package io.vowstream.messenger;

import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.OutboxAssignment;
import io.vowstream.schemas.OutboxMessage;
import io.vowstream.schemas.OutboxSpawn;
import io.vowstream.schemas.Tag;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns outbox entries into signed data items whose ids are a function of where they come from.
 *
 * <p>The anchor is SHA-256 over (source process, nonce, kind, index, sub-index[, cron key]) and every other
 * field is taken from the result, the process directory and fixed protocol tags — no clock, no
 * randomness. Ed25519 signatures are deterministic, so pushing the same outbox entry again (a
 * retried transaction, a replayed or re-delivered result) yields the same item and the same id,
 * which the SU acknowledges without a second nonce. An RSA or Ethereum MU key would also work,
 * but RSA-PSS is randomised: its re-pushes would get new ids, so the MU key should be Ed25519.
 */
final class Pushes {
  /** Kinds of pushes; the names appear in metrics, traces and the anchor digest. */
  static final String MESSAGE = "message";
  static final String SPAWN = "spawn";
  static final String SPAWNED = "spawned";
  static final String ASSIGNMENT = "assignment";
  /** Anchor kind of the Assign of a user spawn with a target (counted as an assignment). */
  static final String SPAWN_TARGET = "spawn-target";

  /** Tags the MU sets itself; an outbox entry's own copies are dropped. */
  private static final Set<String> MU_TAGS = Set.of("Data-Protocol", "Type", "From-Process", "From-Module",
      "Pushed-For");
  /** Tags of a child's process item not copied onto its Spawned message. */
  private static final Set<String> PROCESS_ONLY_TAGS = Set.of("Data-Protocol", "Type", "Variant", "Module",
      "Scheduler", "On-Boot", "Authority", "From-Process", "From-Module", "Pushed-For", "Action", "Process",
      "Cron-Interval");

  private Pushes() {}

  /**
   * One item to push.
   *
   * @param key the process whose schedule it goes to (its target, or the spawned child's own id)
   */
  record Push(String kind, DataItem item, String id, String key) {}

  /**
   * Where a push comes from: the result that produced it and what is known of its process. {@code
   * cron} is the key of a cron tick's result, which shares its nonce (its ordinate) with the
   * scheduled item before it; the key keeps their pushes apart.
   */
  record Source(String pid, long nonce, @Nullable String cron, String messageId, @Nullable ProcessInfo process) {
    /** The source of a scheduled item's result. */
    Source(String pid, long nonce, String messageId, @Nullable ProcessInfo process) {
      this(pid, nonce, null, messageId, process);
    }

    @Nullable String module() {
      return process == null ? null : process.module();
    }
  }

  static byte[] anchor(String pid, long nonce, String kind, int index, int sub) {
    return anchor(pid, nonce, null, kind, index, sub);
  }

  /**
   * The anchor of a push; with a {@code cron} key the digest also covers it (a scheduled result's
   * pushes keep the anchors they always had).
   */
  static byte[] anchor(String pid, long nonce, @Nullable String cron, String kind, int index, int sub) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF("vowstream-push/1"); // a version, should the recipe ever change
      out.writeUTF(pid);
      out.writeLong(nonce);
      out.writeUTF(kind);
      out.writeInt(index);
      out.writeInt(sub);
      if (cron != null) {
        out.writeUTF("cron");
        out.writeUTF(cron);
      }
      return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot compute a push anchor", e);
    }
  }

  /** Outbox message {@code index} as a Message to its target. */
  static Push message(Signer signer, Source src, int index, OutboxMessage m) {
    String target = m.getTarget();
    List<Tag> tags = protocolTags("Message");
    addOwn(tags, m.getTags(), MU_TAGS);
    // The process's own anchor (aos's reference counter) stays readable; the item's anchor is the MU's.
    if (m.getAnchor() != null && tags.stream().noneMatch(t -> t.getName().equals("Anchor"))) {
      tags.add(new Tag("Anchor", m.getAnchor()));
    }
    addProvenance(tags, src.pid(), src.module(), src.messageId());
    DataItem item = DataItems.sign(signer, processId(target, "target"),
        anchor(src.pid(), src.nonce(), src.cron(), MESSAGE, index, 0), tags, bytes(m.getData()));
    return new Push(MESSAGE, item, DataItems.id(item), target);
  }

  /** Outbox spawn {@code index} as a Process whose parent is the source. */
  static Push spawn(Signer signer, Source src, int index, OutboxSpawn s) {
    List<Tag> tags = protocolTags("Process");
    addOwn(tags, s.getTags(), MU_TAGS);
    if (tags.stream().noneMatch(t -> t.getName().equals("Module"))) {
      throw new IllegalArgumentException("spawn " + index + " has no Module tag");
    }
    if (tags.stream().noneMatch(t -> t.getName().equals("Scheduler"))) {
      // As in ao: a child without its own Scheduler stays with its parent's.
      String scheduler = src.process() == null ? null : src.process().scheduler();
      if (scheduler == null) {
        throw new IllegalArgumentException("spawn " + index + " has no Scheduler tag and its parent's is unknown");
      }
      tags.add(new Tag("Scheduler", scheduler));
    }
    addProvenance(tags, src.pid(), src.module(), src.messageId());
    DataItem item = DataItems.sign(signer, null, anchor(src.pid(), src.nonce(), src.cron(), SPAWN, index, 0), tags,
        bytes(s.getData()));
    String id = DataItems.id(item);
    return new Push(SPAWN, item, id, id);
  }

  /**
   * The {@code Spawned} message to a child's parent, pushed when the child's boot result appears:
   * the child's own tags (e.g. a Reference) plus {@code Action: Spawned} and {@code Process}.
   */
  static Push spawned(Signer signer, ProcessInfo child, long nonce) {
    String parent = java.util.Objects.requireNonNull(child.fromProcess(), "a spawned child names its parent");
    List<Tag> tags = protocolTags("Message");
    addOwn(tags, child.tags(), PROCESS_ONLY_TAGS);
    tags.removeIf(t -> t.getName().startsWith("Cron-Tag-"));
    tags.add(new Tag("Action", "Spawned"));
    tags.add(new Tag("Process", child.pid()));
    addProvenance(tags, child.pid(), child.module(), child.pushedFor() != null ? child.pushedFor() : child.pid());
    DataItem item = DataItems.sign(signer, processId(parent, "parent"),
        anchor(child.pid(), nonce, SPAWNED, 0, 0), tags, new byte[0]);
    return new Push(SPAWNED, item, DataItems.id(item), parent);
  }

  /**
   * Outbox assignment {@code index}, for its {@code sub}-th process: a request that the process
   * also schedules message {@code messageId} ({@code Type: Assign}). Its data is the ANS-104
   * encoding of {@code assigned}, the signed item of that id, which the SU schedules as the body.
   */
  static Push assignment(Signer signer, Source src, int index, int sub, OutboxAssignment a, DataItem assigned) {
    String process = a.getProcesses().get(sub);
    List<Tag> tags = protocolTags("Assign");
    tags.add(new Tag("Process", process));
    tags.add(new Tag("Message", a.getMessageId()));
    addProvenance(tags, src.pid(), src.module(), src.messageId());
    DataItem item = DataItems.sign(signer, processId(process, "process"),
        anchor(src.pid(), src.nonce(), src.cron(), ASSIGNMENT, index, sub), tags, Ans104.encode(assigned));
    return new Push(ASSIGNMENT, item, DataItems.id(item), process);
  }

  /**
   * A user's spawn with a target (ao's {@code sendProcess}): the new process's item assigned to
   * that target, as an Assign whose identity depends on the process id alone.
   */
  static Push spawnTarget(Signer signer, DataItem process, String target) {
    String pid = DataItems.id(process);
    List<Tag> tags = protocolTags("Assign");
    tags.add(new Tag("Process", target));
    tags.add(new Tag("Message", pid));
    tags.add(new Tag("Pushed-For", pid));
    DataItem item = DataItems.sign(signer, processId(target, "target"), anchor(pid, 0, SPAWN_TARGET, 0, 0), tags,
        Ans104.encode(process));
    return new Push(ASSIGNMENT, item, DataItems.id(item), target);
  }

  private static List<Tag> protocolTags(String type) {
    List<Tag> tags = new ArrayList<>();
    tags.add(new Tag("Data-Protocol", "ao"));
    tags.add(new Tag("Type", type));
    return tags;
  }

  private static void addOwn(List<Tag> into, List<Tag> own, Set<String> skip) {
    for (Tag t : own) {
      if (!skip.contains(t.getName())) {
        into.add(new Tag(t.getName(), t.getValue()));
      }
    }
  }

  private static void addProvenance(List<Tag> tags, String fromProcess, @Nullable String fromModule,
      String pushedFor) {
    tags.add(new Tag("From-Process", fromProcess));
    if (fromModule != null) {
      tags.add(new Tag("From-Module", fromModule));
    }
    tags.add(new Tag("Pushed-For", pushedFor));
  }

  private static byte[] processId(String id, String what) {
    byte[] raw;
    try {
      raw = Base64Url.decode(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + what + " '" + id + "' is not base64url", e);
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException("the " + what + " '" + id + "' is not a 43-character process id");
    }
    return raw;
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer dup = b.duplicate();
    byte[] out = new byte[dup.remaining()];
    dup.get(out);
    return out;
  }
}
