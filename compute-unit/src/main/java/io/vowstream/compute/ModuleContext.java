package io.vowstream.compute;

import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.zone.MapStore;
import io.vowstream.flow.zone.Zone;
import io.vowstream.schemas.Tag;
import java.util.List;
import java.util.Optional;

/**
 * What a module sees while it evaluates one scheduled item, and where it writes: the process's
 * durable state, the evaluated item, and an outbox that becomes the item's result.
 *
 * <p>Writes to the outbox and the state are kept only when the evaluation returns normally.
 */
public interface ModuleContext {

  /** The process being evaluated. */
  String processId();

  /** The nonce of the item's assignment. */
  long nonce();

  /** The evaluated item's id (the process id when booting). */
  String itemId();

  /** The scheduler's timestamp of the assignment, in milliseconds: the only clock a module may read. */
  long timestamp();

  /** The scheduler's block height of the assignment. */
  long blockHeight();

  /** The item's tags, in order. */
  List<Tag> tags();

  /** The value of the item's first tag called {@code name}, if any. */
  Optional<String> tag(String name);

  /** The item's data; when booting, the {@code On-Boot} input (empty when there is none). */
  byte[] data();

  /** The sender: the {@code From-Process} tag when present, otherwise {@link #owner()}. */
  String from();

  /** The address of the key that signed the item. */
  String owner();

  /**
   * Whether the item was assigned to this process rather than sent to it: a message whose target
   * is another process, or another process's Process item, scheduled here because some process
   * asked for it ({@link #assign}) or a user spawned a process with this one as its target. As
   * with aos's {@code ao.isAssignment}, the module decides whether to act on it; such an item
   * never upgrades the module and never answers a pending request.
   */
  boolean assigned();

  /**
   * Whether this is a CU-generated cron message: one tick of a {@code Cron-Interval} of the
   * process item, evaluated before the next scheduled item that comes after its time (or block).
   * Its {@link #from()} and {@link #owner()} are the process itself, its {@link #nonce()} is that of
   * the scheduled item before it, and its tags are {@code Type: Message}, {@code Cron: true},
   * {@code Timestamp}, {@code Block-Height} and the cron's {@code Cron-Tag-*} values. Decide by
   * this method, not by the {@code Cron} tag: anyone can put such a tag on a message.
   */
  boolean cron();

  /**
   * A durable zone of the process's own, kept in its checkpoints with everything else. Labels may
   * be used once per incarnation of the zone (see {@link Zone}), so a module that keeps objects here
   * finds them again with {@code makeOnce}; most modules need only {@link #state()}.
   */
  Zone zone();

  /** The process's state: a map store of storable values, kept across items and restarts. */
  MapStore<String, Object> state();

  /** Sets the result's {@code Output} (the last call wins). */
  void output(String text);

  /** Sends a message to {@link #from()}. */
  void reply(List<Tag> tags, byte[] data);

  /** Sends a message to process {@code target}. */
  void send(String target, List<Tag> tags, byte[] data);

  /** Asks for a new process with these tags and data. */
  void spawn(List<Tag> tags, byte[] data);

  /** Asks for message {@code messageId} to be assigned to {@code processes} as well. */
  void assign(String messageId, List<String> processes);

  /**
   * Starts an activation of the module's flow {@code tag} (see {@link
   * ProcessModule#defineFlows}) with storable {@code args}; its guest gets the process's {@link
   * ProcessHost} and these arguments. The flow starts once the module returns normally (an
   * evaluation that fails starts nothing) and runs, within this evaluation, until its first wait.
   *
   * @return a vow for the flow's outcome
   * @throws IllegalArgumentException when the module defined no flow {@code tag}
   */
  Vow<Object> startFlow(String tag, Object... args);
}
