package io.vowstream.compute;

import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowResolver;
import io.vowstream.flow.zone.MapStore;
import io.vowstream.flow.zone.Zone;
import io.vowstream.schemas.OutboxAssignment;
import io.vowstream.schemas.OutboxMessage;
import io.vowstream.schemas.OutboxSpawn;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The context of one evaluation; its outbox is read by the fold once the module returned. */
final class EvalContext implements ModuleContext {
  /**
   * Most bytes of output, message and spawn tags and data one evaluation may produce. The result
   * record carries them all and Kafka refuses records of about 1 MiB and more: a result it refused
   * would fail every transaction of its partition, so the evaluation fails instead.
   */
  static final int MAX_OUTBOX_BYTES = 768 * 1024;

  private final ProcessFold fold;
  private final long nonce;
  private final String itemId;
  private final long timestamp;
  private final long blockHeight;
  private final List<Tag> tags;
  private final byte[] data;
  private final String owner;
  private final boolean assigned;
  /** The cron tick's key when this evaluates a CU-generated cron message, else null. */
  private final @Nullable String cron;
  final List<OutboxMessage> messages = new ArrayList<>();
  final List<OutboxSpawn> spawns = new ArrayList<>();
  final List<OutboxAssignment> assignments = new ArrayList<>();
  /** Flows the module asked for; started once it returned normally. */
  final List<FlowStart> flowStarts = new ArrayList<>();
  @Nullable String output;
  private long outputBytes;
  private long outboxBytes;

  /** A flow start requested by {@link #startFlow}; {@code resolver} gets the outcome vow. */
  record FlowStart(String tag, List<Object> args, VowResolver<Object> resolver) {}

  EvalContext(ProcessFold fold, long nonce, String itemId, long timestamp, long blockHeight, List<Tag> tags,
      byte[] data, String owner, boolean assigned) {
    this(fold, nonce, itemId, timestamp, blockHeight, tags, data, owner, assigned, null);
  }

  EvalContext(ProcessFold fold, long nonce, String itemId, long timestamp, long blockHeight, List<Tag> tags,
      byte[] data, String owner, boolean assigned, @Nullable String cron) {
    this.fold = fold;
    this.nonce = nonce;
    this.itemId = itemId;
    this.timestamp = timestamp;
    this.blockHeight = blockHeight;
    this.tags = tags.stream().map(t -> new Tag(t.getName(), t.getValue())).toList();
    this.data = data.clone();
    this.owner = owner;
    this.assigned = assigned;
    this.cron = cron;
  }

  @Override
  public String processId() {
    return fold.processId;
  }

  @Override
  public long nonce() {
    return nonce;
  }

  @Override
  public String itemId() {
    return itemId;
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public long blockHeight() {
    return blockHeight;
  }

  @Override
  public List<Tag> tags() {
    return tags.stream().map(t -> new Tag(t.getName(), t.getValue())).toList();
  }

  @Override
  public Optional<String> tag(String name) {
    return tags.stream().filter(t -> t.getName().equals(name)).map(Tag::getValue).findFirst();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public String from() {
    return tag("From-Process").orElse(owner);
  }

  @Override
  public String owner() {
    return owner;
  }

  @Override
  public boolean assigned() {
    return assigned;
  }

  @Override
  public boolean cron() {
    return cron != null;
  }

  @Override
  public Zone zone() {
    return fold.moduleZone();
  }

  @Override
  public MapStore<String, Object> state() {
    return fold.state();
  }

  @Override
  public void output(String text) {
    long bytes = utf8Length(text);
    checkBudget(bytes - outputBytes, "an output");
    this.output = text;
    this.outputBytes = bytes;
  }

  @Override
  public void reply(List<Tag> replyTags, byte[] replyData) {
    send(from(), replyTags, replyData);
  }

  @Override
  public void send(String target, List<Tag> msgTags, byte[] msgData) {
    long bytes = utf8Length(target) + tagBytes(msgTags) + msgData.length;
    checkBudget(bytes, "a message to " + target);
    outboxBytes += bytes;
    messages.add(OutboxMessage.newBuilder().setTarget(target).setAnchor(null).setTags(copy(msgTags))
        .setData(ByteBuffer.wrap(msgData.clone())).build());
  }

  @Override
  public void spawn(List<Tag> spawnTags, byte[] spawnData) {
    long bytes = tagBytes(spawnTags) + spawnData.length;
    checkBudget(bytes, "a spawn");
    outboxBytes += bytes;
    spawns.add(OutboxSpawn.newBuilder().setTags(copy(spawnTags)).setData(ByteBuffer.wrap(spawnData.clone())).build());
  }

  @Override
  public void assign(String messageId, List<String> processes) {
    if (processes.isEmpty()) {
      throw new IllegalArgumentException("assigning message " + messageId + " needs at least one process");
    }
    assignments.add(OutboxAssignment.newBuilder().setMessageId(messageId)
        .setProcesses(new ArrayList<>(processes)).build());
  }

  @Override
  public Vow<Object> startFlow(String tag, Object... args) {
    if (!fold.hasFlow(tag)) {
      throw new IllegalArgumentException("process " + fold.processId + " has no flow '" + tag
          + "'; its module defines it in defineFlows");
    }
    List<Object> list = List.of(args);
    for (int i = 0; i < args.length; i++) {
      fold.zone().requireStorable(args[i], "argument " + i + " of flow '" + tag + "'");
    }
    VowKit<Object> kit = fold.vows().makeVowKit();
    flowStarts.add(new FlowStart(tag, list, kit.resolver()));
    return kit.vow();
  }

  private void checkBudget(long more, String what) {
    long total = outputBytes + outboxBytes + more;
    if (total > MAX_OUTBOX_BYTES) {
      throw new ModuleException("RESULT_TOO_LARGE", "item " + itemId + ": " + what + " would bring this evaluation's"
          + " output, messages and spawns to " + total + " bytes; at most " + MAX_OUTBOX_BYTES
          + " fit in a result record");
    }
  }

  private static long tagBytes(List<Tag> tags) {
    long n = 0;
    for (Tag t : tags) {
      n += utf8Length(t.getName()) + utf8Length(t.getValue());
    }
    return n;
  }

  private static long utf8Length(CharSequence s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      n += ch < 0x80 ? 1 : ch < 0x800 ? 2 : Character.isSurrogate(ch) ? 2 : 3;
    }
    return n;
  }

  private static List<Tag> copy(List<Tag> tags) {
    return new ArrayList<>(tags.stream().map(t -> new Tag(t.getName(), t.getValue())).toList());
  }
}
