package io.vowstream.compute;

import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.HashChain;
import io.vowstream.dataitem.VerificationResult;
import io.vowstream.runtime.stream.BatchWork;
import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.PartitionProcessor;
import io.vowstream.runtime.stream.StateRecord;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ResultError;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.SchemaRegistryException;
import io.vowstream.schemas.serde.VowstreamSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fold of {@code vowstream.assignments} into results and checkpoints (rules: package docs). */
final class FoldProcessor implements PartitionProcessor, FoldView {
  private static final Logger log = LoggerFactory.getLogger(FoldProcessor.class);
  static final String CHECKPOINT_PREFIX = "c/";
  static final String TAIL_PREFIX = "t/";
  static final String ZONE_PART_PREFIX = "z/";
  static final String UPGRADE = "Upgrade-Module";
  static final String READ_ONLY = "Read-Only";
  /** Batches at least this large are decoded and signature-checked in parallel. */
  private static final int PARALLEL_DECODE_THRESHOLD = 8;

  private final FoldSettings settings;
  private final Serde<String> key;
  private final Serde<ScheduledItem> scheduledItem;
  private final Serde<Result> result;
  private final Serde<Rejection> rejection;
  private final Checkpoints checkpoints;
  private final Map<Integer, Map<String, ProcessFold>> partitions = new HashMap<>();
  private final FoldObserver observer;
  private final int zonePartBytes;

  FoldProcessor(FoldSettings settings) {
    this(settings, FoldObserver.NONE);
  }

  FoldProcessor(FoldSettings settings, FoldObserver observer) {
    this(settings, observer, Checkpoints.ZONE_PART_BYTES);
  }

  /** With another zone part size, so that tests can split small zones. */
  FoldProcessor(FoldSettings settings, FoldObserver observer, int zonePartBytes) {
    if (zonePartBytes < 1) {
      throw new IllegalArgumentException("zonePartBytes must be positive, got " + zonePartBytes);
    }
    this.settings = settings;
    this.observer = observer;
    this.zonePartBytes = zonePartBytes;
    this.key = VowstreamSerdes.stringKey(settings.registry());
    this.scheduledItem = VowstreamSerdes.scheduledItem(settings.registry());
    this.result = VowstreamSerdes.result(settings.registry());
    this.rejection = VowstreamSerdes.rejection(settings.registry());
    this.checkpoints = new Checkpoints(settings.stateTopic(), settings.registry());
  }

  @Override
  public synchronized void restore(int partition, List<StateRecord> records) {
    long start = System.nanoTime();
    Map<String, byte[]> found = new LinkedHashMap<>();
    Map<String, Long> tails = new HashMap<>();
    Map<String, Map<Integer, byte[]>> parts = new HashMap<>();
    for (StateRecord r : records) {
      String k = new String(r.key(), StandardCharsets.UTF_8);
      byte[] value = r.value();
      if (k.startsWith(ZONE_PART_PREFIX) && k.lastIndexOf('/') > ZONE_PART_PREFIX.length()) {
        String pid = k.substring(ZONE_PART_PREFIX.length(), k.lastIndexOf('/'));
        int index = Integer.parseInt(k.substring(k.lastIndexOf('/') + 1));
        if (value == null) {
          parts.getOrDefault(pid, new HashMap<>()).remove(index);
        } else {
          parts.computeIfAbsent(pid, x -> new HashMap<>()).put(index, value);
        }
      } else if (k.startsWith(CHECKPOINT_PREFIX)) {
        String pid = k.substring(CHECKPOINT_PREFIX.length());
        if (value == null) {
          found.remove(pid);
        } else {
          found.put(pid, value);
        }
      } else if (k.startsWith(TAIL_PREFIX)) {
        String pid = k.substring(TAIL_PREFIX.length());
        if (value == null) {
          tails.remove(pid);
        } else {
          tails.put(pid, checkpoints.readTail(pid, value));
        }
      } else {
        throw new IllegalStateException("state record '" + k + "' of partition " + partition
            + " is neither a checkpoint (c/), a zone part (z/) nor a tail (t/)");
      }
    }
    drop(partition);
    Map<String, ProcessFold> folds = new LinkedHashMap<>();
    try {
      found.forEach((pid, value) -> folds.put(pid, restoreFold(pid, value, parts.getOrDefault(pid, Map.of()))));
    } catch (RuntimeException e) {
      folds.values().forEach(ProcessFold::close);
      throw e;
    }
    tails.forEach((pid, committed) -> {
      ProcessFold f = folds.get(pid);
      if (f == null) {
        folds.values().forEach(ProcessFold::close);
        throw new IllegalStateException("process " + pid + " of partition " + partition
            + " has a committed nonce " + committed + " but no checkpoint");
      }
      f.committedNonce = Math.max(f.committedNonce, committed);
    });
    partitions.put(partition, folds);
    observer.restored(partition, folds.size(), System.nanoTime() - start);
  }

  /**
   * A fold from its checkpoint: a new incarnation of its zone with its module's flows defined
   * again. A checkpoint naming a module this CU does not have fails the restore (the zone's flows
   * could not be resumed), rather than dropping them.
   */
  private ProcessFold restoreFold(String pid, byte[] value, Map<Integer, byte[]> parts) {
    Checkpoints.Restored r = checkpoints.readCheckpoint(pid, value, parts);
    String ref = moduleRef(pid, r.checkpoint().getModule());
    ProcessModule module = ref == null ? null : settings.modules().find(ref).orElse(null);
    ProcessFold f;
    try {
      f = ProcessFold.restored(pid, r.checkpoint().getLastTimestamp(), r.zone(), module);
    } catch (RuntimeException e) {
      throw new IllegalStateException("process " + pid + " cannot be restored with module " + ref
          + (module == null && ref != null ? " (not registered here; known: " + settings.modules().references() + ")"
              : "") + ": " + e.getMessage(), e);
    }
    Checkpoints.apply(r.checkpoint(), f);
    f.zoneParts = r.checkpoint().getZoneParts();
    return f;
  }

  /**
   * The offset after the oldest checkpoint whose process has committed results beyond it: the
   * items between are evaluated again (without writing results) to rebuild the process.
   */
  @Override
  public synchronized OptionalLong replayFrom(int partition) {
    Map<String, ProcessFold> folds = partitions.get(partition);
    if (folds == null) {
      return OptionalLong.empty();
    }
    long from = Long.MAX_VALUE;
    for (ProcessFold f : folds.values()) {
      if (f.committedNonce > f.lastNonce) {
        from = Math.min(from, f.lastOffset + 1);
      }
    }
    return from == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(from);
  }

  @Override
  public synchronized void drop(int partition) {
    Map<String, ProcessFold> old = partitions.remove(partition);
    if (old != null) {
      old.values().forEach(ProcessFold::close);
    }
  }

  @Override
  public synchronized List<OutputRecord> process(int partition, List<InputRecord> batch) {
    Map<String, ProcessFold> folds = partitions.get(partition);
    if (folds == null) {
      throw new IllegalStateException("partition " + partition + " was not restored before processing");
    }
    List<OutputRecord> out = new ArrayList<>();
    Map<String, ProcessFold> touched = new LinkedHashMap<>();
    // Decoding and the signature check depend on nothing but the record: they run in parallel
    // (the Ed25519 check is most of a cheap evaluation's cost), the fold itself in order.
    for (Decoded d : BatchWork.map(batch, PARALLEL_DECODE_THRESHOLD, this::decode)) {
      handle(partition, folds, d, out, touched);
    }
    for (ProcessFold f : touched.values()) {
      if (f.checkpointDue || f.sinceCheckpoint >= settings.checkpointEvery()) {
        Checkpoints.Written w = checkpoints.checkpoint(f, f.zoneCheckpoint(), zonePartBytes);
        for (int i = 0; i < Math.max(w.parts().size(), f.zoneParts); i++) {
          // Parts beyond this checkpoint's count belong to an earlier, larger one: deleted.
          out.add(OutputRecord.toPartition(settings.stateTopic(), partition, partKey(f.processId, i),
              i < w.parts().size() ? w.parts().get(i) : null));
        }
        f.zoneParts = w.parts().size();
        out.add(OutputRecord.toPartition(settings.stateTopic(), partition, prefixed(CHECKPOINT_PREFIX, f.processId),
            w.header()));
        observer.checkpointWritten(f.processId, w.bytes());
        f.checkpointDue = false;
        f.sinceCheckpoint = 0;
      }
      f.committedNonce = Math.max(f.committedNonce, f.lastNonce);
      out.add(OutputRecord.toPartition(settings.stateTopic(), partition, prefixed(TAIL_PREFIX, f.processId),
          checkpoints.tail(f.processId, f.committedNonce)));
    }
    return out;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static byte[] prefixed(String prefix, String pid) {
    return (prefix + pid).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] partKey(String pid, int index) {
    return (ZONE_PART_PREFIX + pid + "/" + index).getBytes(StandardCharsets.UTF_8);
  }

  /** A record's value decoded (or why not) and its assignment's signature problem, if checked and any. */
  private record Decoded(InputRecord rec, @Nullable ScheduledItem item, @Nullable SerializationException error,
      @Nullable String badSignature) {}

  private Decoded decode(InputRecord rec) {
    ScheduledItem s;
    try {
      s = rec.value() == null ? null : scheduledItem.deserializer().deserialize(rec.topic(), rec.value());
    } catch (SerializationException e) {
      return new Decoded(rec, null, e, null);
    }
    String bad = s != null && settings.verifySignatures() ? signatureProblem(s.getAssignment()).orElse(null) : null;
    return new Decoded(rec, s, null, bad);
  }

  private void handle(int partition, Map<String, ProcessFold> folds, Decoded d, List<OutputRecord> out,
      Map<String, ProcessFold> touched) {
    InputRecord rec = d.rec();
    String recordKey = decodeKey(rec);
    SerializationException undecodable = d.error();
    if (undecodable != null) {
      rethrowIfRegistryDown(undecodable);
      out.add(reject(rec, "UNDECODABLE_RECORD", "the value is not an Avro scheduled item: " + undecodable.getMessage(),
          null));
      return;
    }
    ScheduledItem s = d.item();
    if (s == null) {
      out.add(reject(rec, "UNDECODABLE_RECORD", "the record has no value (a scheduled item was expected)", null));
      return;
    }
    Assignment a = s.getAssignment();
    String pid = a.getProcessId();
    if (!pid.equals(recordKey)) {
      out.add(reject(rec, "KEY_MISMATCH", "assignment " + a.getId() + " is for process " + pid
          + " but its record key is " + (recordKey == null ? "missing or not an Avro string" : "'" + recordKey + "'"),
          a.getId()));
      return;
    }
    ProcessFold f = folds.get(pid);
    if (f == null) {
      f = new ProcessFold(pid);
      f.checkpointDue = true; // first seen: a restore must know the process from now on
      folds.put(pid, f);
    }
    touched.put(pid, f);
    long nonce = a.getNonce();
    boolean replay = nonce <= f.committedNonce;
    if (nonce <= f.lastNonce) {
      log.debug("process {} nonce {} is already folded (at {}); ignored", pid, nonce, f.lastNonce);
      return;
    }
    if (f.halted) {
      f.lastNonce = nonce;
      f.lastOffset = rec.offset();
      if (!replay) {
        out.add(resultRecord(partition, errorResult(a, s.getItem(), "PROCESS_HALTED",
            "process " + pid + " is halted (" + f.haltReason + "); nonce " + nonce + " was not evaluated")));
      }
      return;
    }
    long expected = f.lastNonce + 1;
    if (nonce != expected) {
      if (expected <= f.committedNonce) {
        throw new IllegalStateException("process " + pid + " was restored at nonce " + f.lastNonce
            + " and must replay nonces " + expected + ".." + f.committedNonce + " before nonce " + nonce
            + "; re-deliver partition " + partition + " from the offset after " + f.lastOffset);
      }
      halt(partition, f, rec, s, "NONCE_GAP", "process " + pid + " expected nonce " + expected + " but got "
          + nonce, out, replay);
      return;
    }
    Optional<String> broken = chainProblem(f, a);
    if (broken.isPresent()) {
      halt(partition, f, rec, s, "CHAIN_BREAK", broken.get(), out, replay);
      return;
    }
    if (d.badSignature() != null) {
      halt(partition, f, rec, s, "BAD_SIGNATURE", d.badSignature(), out, replay);
      return;
    }
    evaluateTicks(partition, f, a, out, replay);
    f.lastNonce = nonce;
    f.lastAssignmentId = a.getId();
    f.hashChain = a.getHashChain();
    f.lastOffset = rec.offset();
    f.sinceCheckpoint++;
    long start = System.nanoTime();
    Result r = readOnly(s) ? withoutOutbox(evaluateOnScratch(f, s)) : evaluate(f, s);
    if (replay) {
      observer.replayed(pid, nonce);
    } else {
      out.add(resultRecord(partition, r));
      observer.evaluated(pid, nonce, System.nanoTime() - start, r.getError() == null ? null : r.getError().getCode());
    }
  }

  private Optional<String> chainProblem(ProcessFold f, Assignment a) {
    String pid = f.processId;
    if (a.getEpoch() != 0) {
      return Optional.of("process " + pid + " nonce " + a.getNonce() + " has epoch " + a.getEpoch() + "; expected 0");
    }
    String expected;
    try {
      expected = f.lastAssignmentId == null
          ? HashChain.seed(pid)
          : HashChain.next(f.lastAssignmentId, Objects.requireNonNull(f.hashChain));
    } catch (IllegalArgumentException e) {
      return Optional.of("process " + pid + " nonce " + a.getNonce() + ": " + e.getMessage());
    }
    if (!expected.equals(a.getHashChain())) {
      return Optional.of("process " + pid + " nonce " + a.getNonce() + " has Hash-Chain " + a.getHashChain()
          + "; expected " + expected + (f.lastAssignmentId == null ? " (the seed)" : ""));
    }
    return Optional.empty();
  }

  private static Optional<String> signatureProblem(Assignment a) {
    // Called on pool threads: reads only the assignment.
    DataItem signed = a.getItem();
    VerificationResult v = DataItems.verify(signed);
    if (v instanceof VerificationResult.Invalid bad) {
      return Optional.of("assignment " + a.getId() + " (nonce " + a.getNonce() + ") does not verify: "
          + bad.failure() + ": " + bad.message());
    }
    String id = DataItems.id(signed);
    if (!id.equals(a.getId())) {
      return Optional.of("assignment " + a.getId() + " (nonce " + a.getNonce() + ") carries a signed item whose id is "
          + id);
    }
    return Optional.empty();
  }

  private void halt(int partition, ProcessFold f, InputRecord rec, ScheduledItem s, String code, String message,
      List<OutputRecord> out, boolean replay) {
    Assignment a = s.getAssignment();
    log.warn("halting process {}: {} {}", f.processId, code, message);
    f.halted = true;
    f.haltReason = code + ": " + message;
    f.lastNonce = Math.max(f.lastNonce, a.getNonce());
    f.lastOffset = rec.offset();
    f.checkpointDue = true;
    observer.halted(f.processId, code);
    if (!replay) {
      out.add(reject(rec, code, message, a.getId()));
      out.add(resultRecord(partition, errorResult(a, s.getItem(), code, message)));
    }
  }

  private Result evaluate(ProcessFold f, ScheduledItem s) {
    Assignment a = s.getAssignment();
    DataItem item = s.getItem();
    String pid = f.processId;
    boolean boot = a.getMessageId() == null;
    if (boot && a.getNonce() != 0) {
      return errorResult(a, item, "BAD_ASSIGNMENT", "assignment " + a.getId() + " of process " + pid
          + " has no Message tag but nonce " + a.getNonce() + "; only the process's own assignment (nonce 0) may");
    }
    String itemId = boot ? pid : Objects.requireNonNull(a.getMessageId());
    if (item == null) {
      return errorResult(a, null, "ITEM_MISSING", "assignment " + a.getId() + " carries no item and item "
          + itemId + " cannot be looked up by this CU");
    }
    String actualId = DataItems.id(item);
    if (!actualId.equals(itemId)) {
      return errorResult(a, item, "ITEM_MISMATCH", "assignment " + a.getId() + " is for item " + itemId
          + " but carries item " + actualId);
    }
    String signer;
    try {
      signer = DataItems.ownerAddress(item);
    } catch (RuntimeException e) {
      return errorResult(a, item, "BAD_OWNER", "item " + itemId + " has an owner whose address cannot be derived: "
          + e.getMessage());
    }
    if (boot) {
      f.moduleRef = DataItems.tag(item, "Module").orElse(null);
      f.owner = signer;
      try {
        if (!Crons.parse(item.getTags()).isEmpty()) {
          f.setCrons(item.getTags().stream().filter(t -> t.getName().startsWith("Cron-")).toList(), a.getTimestamp(),
              a.getBlockHeight());
        }
      } catch (Crons.BadCron e) {
        // The process stays usable for ordinary messages; it just never gets cron messages.
        return errorResult(a, item, "BAD_CRON", "process " + pid + " declares no usable crons: " + e.getMessage());
      }
    }
    String ref = moduleRef(pid, f.moduleRef);
    if (ref == null) {
      return errorResult(a, item, "UNKNOWN_MODULE", boot
          ? "process " + pid + " has no Module tag"
          : "process " + pid + " was never booted and no legacy module is configured for it");
    }
    Optional<ProcessModule> found = settings.modules().find(ref);
    if (found.isEmpty()) {
      return errorResult(a, item, "UNKNOWN_MODULE", "process " + pid + " names module " + ref
          + ", which is not registered (known: " + settings.modules().references() + ")");
    }
    ProcessModule module = found.get();
    f.defineFlows(module);
    byte[] data = bytes(item.getData());
    if (boot) {
      Optional<String> onBoot = DataItems.tag(item, "On-Boot");
      if (onBoot.isEmpty()) {
        data = new byte[0];
      } else if (!onBoot.get().equals("Data")) {
        // a lookup that throws aborts the batch: retried, never a different result
        Optional<DataItem> input = settings.itemLookup().find(onBoot.get());
        if (input.isEmpty()) {
          return errorResult(a, item, "UNRESOLVED_BOOT_INPUT", "process " + pid + " boots from item "
              + onBoot.get() + ", which was not found");
        }
        data = bytes(input.get().getData());
      }
    }
    boolean assigned = !boot && assigned(pid, item);
    EvalContext ctx = new EvalContext(f, a.getNonce(), itemId, a.getTimestamp(), a.getBlockHeight(),
        item.getTags(), data, signer, assigned);
    return run(f, ctx, module, ref, boot, new Head(pid, a.getNonce(), itemId, a.getId(), null));
  }

  /** What identifies a result: its process, ordinate, item, assignment and (for a cron tick) cron key. */
  private record Head(String processId, long nonce, String messageId, String assignmentId, @Nullable String cron) {}

  /**
   * Runs the module on one evaluation (a scheduled item or a cron tick): an upgrade, a reply for a
   * waiting flow, or the module's {@code boot}/{@code handle}; a failure keeps the previous state.
   */
  private Result run(ProcessFold f, EvalContext ctx, ProcessModule module, String ref, boolean boot, Head head) {
    boolean assigned = ctx.assigned();
    String itemId = head.messageId();
    f.begin(ctx, ctx.timestamp());
    try {
      String note = null;
      // An assigned item was addressed to someone else: it may not upgrade this process or answer
      // its requests (anyone could replay an owner's upgrade or a peer's reply that way). A cron
      // tick comes from the process itself and goes to the module only.
      boolean direct = !boot && !assigned && !ctx.cron();
      if (direct && ctx.tag("Action").filter(UPGRADE::equals).isPresent()) {
        note = upgrade(f, ctx, module);
      } else if (direct && consumedReply(f, ctx)) {
        note = "reply " + ctx.tag("X-Reference").orElseThrow() + " from " + ctx.from() + " consumed by a flow";
        f.drain();
      } else {
        List<Map.Entry<String, Object>> before = f.copyState();
        try {
          if (boot) {
            module.boot(ctx);
          } else {
            module.handle(ctx);
          }
        } catch (RuntimeException e) {
          f.resetState(before);
          throw e;
        }
        f.startFlows(ctx.flowStarts);
        f.drain();
      }
      if (note != null) {
        ctx.output = ctx.output == null ? note : note + "\n" + ctx.output;
      }
    } catch (ModuleException e) {
      f.drain();
      return errorResult(head, e.code(), Objects.requireNonNullElse(e.getMessage(), e.code()));
    } catch (RuntimeException e) {
      f.drain();
      return errorResult(head, "MODULE_ERROR", ref + " failed on item " + itemId + ": " + e);
    } finally {
      f.end();
      f.pruneDone();
    }
    return Result.newBuilder().setProcessId(head.processId()).setNonce(head.nonce()).setMessageId(itemId)
        .setAssignmentId(head.assignmentId()).setOutput(ctx.output).setError(null).setMessages(ctx.messages)
        .setSpawns(ctx.spawns).setAssignments(ctx.assignments).setJournal(f.journal()).setCron(head.cron())
        .build();
  }

  /**
   * Evaluates the cron ticks due before scheduled item {@code a} (after the item before it), each
   * with a result carrying the previous item's nonce and the tick's key, then moves the window on.
   */
  private void evaluateTicks(int partition, ProcessFold f, Assignment a, List<OutputRecord> out, boolean replay) {
    Crons crons = a.getNonce() > 0 && f.lastAssignmentId != null ? f.crons() : null;
    if (crons == null) {
      return;
    }
    long[] at = f.cronAt();
    Crons.Window window = crons.window(at[0], at[1], a.getTimestamp(), a.getBlockHeight(), Crons.MAX_TICKS_PER_WINDOW);
    if (window.skipped() > 0 && !replay) {
      log.warn("process {}: {} cron ticks before nonce {} skipped (at most {} per cron between two messages)",
          f.processId, window.skipped(), a.getNonce(), Crons.MAX_TICKS_PER_WINDOW);
    }
    for (Crons.Tick t : window.ticks()) {
      long start = System.nanoTime();
      Result r = evaluateTick(f, t);
      if (!replay) {
        out.add(resultRecord(partition, r));
        observer.cronEvaluated(f.processId, f.lastNonce, System.nanoTime() - start,
            r.getError() == null ? null : r.getError().getCode());
      }
    }
    f.cronAt(a.getTimestamp(), a.getBlockHeight());
  }

  /** One cron tick, as a message from the process to itself at the ordinate of the last scheduled item. */
  private Result evaluateTick(ProcessFold f, Crons.Tick t) {
    String pid = f.processId;
    long ordinate = f.lastNonce;
    String key = t.key();
    Head head = new Head(pid, ordinate, cronItemId(pid, ordinate, key), Objects.requireNonNull(f.lastAssignmentId),
        key);
    String ref = moduleRef(pid, f.moduleRef);
    ProcessModule module = ref == null ? null : settings.modules().find(ref).orElse(null);
    if (module == null) {
      return errorResult(head, "UNKNOWN_MODULE", "process " + pid + " runs module " + ref
          + ", which is not registered (known: " + settings.modules().references() + ")");
    }
    f.defineFlows(module);
    List<Tag> tags = new ArrayList<>(List.of(new Tag("Type", "Message"), new Tag("Cron", "true"),
        new Tag("Timestamp", Long.toString(t.timestamp())), new Tag("Block-Height", Long.toString(t.height()))));
    tags.addAll(t.cron().tags());
    EvalContext ctx = new EvalContext(f, ordinate, head.messageId(), t.timestamp(), t.height(), tags, new byte[0], pid,
        false, key);
    return run(f, ctx, module, ref, false, head);
  }

  /** The module a process runs: the one it booted or upgraded to ({@code recorded}), else its configured legacy one. */
  private @Nullable String moduleRef(String pid, @Nullable String recorded) {
    return recorded != null ? recorded : settings.legacyModules().get(pid);
  }

  /** The id of a cron tick's message: no signed item exists, so it is derived from where the tick falls. */
  static String cronItemId(String pid, long ordinate, String key) {
    return "cron:" + pid + ":" + ordinate + ":" + key;
  }

  /**
   * Whether a scheduled item (not the boot) came to process {@code pid} by assignment: a Process
   * item (only a process's own, at nonce 0, is its boot) or a message whose target is another
   * process. Told from the signed item itself, so the SU adds no tag for it.
   */
  static boolean assigned(String pid, DataItem item) {
    return DataItems.hasTag(item, "Type", "Process") || !DataItems.targetId(item).map(pid::equals).orElse(false);
  }

  /**
   * A message tagged {@code Read-Only: true} is evaluated on a scratch copy: its result tells what it
   * would do, but the state is unchanged and its outbox is left empty, so nothing is sent.
   */
  private static boolean readOnly(ScheduledItem s) {
    return s.getAssignment().getMessageId() != null && s.getItem() != null
        && DataItems.tag(s.getItem(), READ_ONLY).filter("true"::equals).isPresent();
  }

  private static Result withoutOutbox(Result r) {
    return Result.newBuilder(r).setMessages(new ArrayList<>()).setSpawns(new ArrayList<>())
        .setAssignments(new ArrayList<>()).build();
  }

  /** A reply (X-Reference from the requested process) to a pending request is fed to its flow. */
  private static boolean consumedReply(ProcessFold f, EvalContext ctx) {
    Optional<String> xref = ctx.tag("X-Reference");
    Optional<String> from = ctx.tag("From-Process");
    if (xref.isEmpty() || from.isEmpty()) {
      return false;
    }
    List<String> tags = new ArrayList<>();
    for (Tag t : ctx.tags()) {
      tags.add(t.getName());
      tags.add(t.getValue());
    }
    Reply reply = new Reply(from.get(), ctx.itemId(), tags, new String(ctx.data(), StandardCharsets.UTF_8));
    return f.matchReply(from.get(), xref.get(), reply);
  }

  /** {@code Action: Upgrade-Module}: the owner switches the process to another module version. */
  private String upgrade(ProcessFold f, EvalContext ctx, ProcessModule current) {
    String target = ctx.tag("Module").orElseThrow(() -> new ModuleException("MISSING_MODULE",
        "an Upgrade-Module message needs a Module tag (name@version)"));
    if (f.owner == null || !f.owner.equals(ctx.from())) {
      throw new ModuleException("NOT_OWNER", "only the owner " + f.owner + " of process " + f.processId
          + " may upgrade its module; " + ctx.from() + " tried");
    }
    ProcessModule next = settings.modules().find(target).orElseThrow(() -> new ModuleException("UNKNOWN_MODULE",
        "module " + target + " is not registered (known: " + settings.modules().references() + ")"));
    String previous = current.reference();
    f.upgrade(next, current);
    f.moduleRef = target;
    f.checkpointDue = true; // a restore must define the new module's flows
    f.drain();
    List<String> failed = f.failures();
    return "upgraded from " + previous + " to " + target + "; live flows: " + f.liveFlows().size()
        + (failed.isEmpty() ? "" : "; failed flows: " + String.join("; ", failed));
  }

  private static Result errorResult(Assignment a, @Nullable DataItem item, String code, String message) {
    String itemId = a.getMessageId() != null ? a.getMessageId() : a.getProcessId();
    return errorResult(new Head(a.getProcessId(), a.getNonce(), itemId, a.getId(), null), code, message);
  }

  private static Result errorResult(Head head, String code, String message) {
    return Result.newBuilder().setProcessId(head.processId()).setNonce(head.nonce()).setMessageId(head.messageId())
        .setAssignmentId(head.assignmentId()).setOutput(null).setCron(head.cron())
        .setError(ResultError.newBuilder().setCode(code).setMessage(message).build())
        .setMessages(new ArrayList<>()).setSpawns(new ArrayList<>()).setAssignments(new ArrayList<>())
        .setJournal(new ArrayList<>()).build();
  }

  private OutputRecord resultRecord(int partition, Result r) {
    return OutputRecord.toPartition(settings.resultsTopic(), partition,
        key.serializer().serialize(settings.resultsTopic(), r.getProcessId()),
        result.serializer().serialize(settings.resultsTopic(), r));
  }

  private @Nullable String decodeKey(InputRecord rec) {
    if (rec.key() == null) {
      return null;
    }
    try {
      return key.deserializer().deserialize(rec.topic(), rec.key());
    } catch (SerializationException e) {
      rethrowIfRegistryDown(e);
      return null;
    }
  }

  private static void rethrowIfRegistryDown(SerializationException e) {
    if (e.getCause() instanceof SchemaRegistryException sre && !sre.isNotFound()) {
      throw e; // the registry is unreachable: abort and retry rather than reject a good record
    }
  }

  private OutputRecord reject(InputRecord rec, String code, String message, @Nullable String itemId) {
    Rejection r = Rejection.newBuilder().setUnit("cu").setReasonCode(code).setMessage(message)
        .setInput(ByteBuffer.wrap(rec.value() == null ? new byte[0] : rec.value()))
        .setSourceTopic(rec.topic()).setSourcePartition(rec.partition()).setSourceOffset(rec.offset())
        .setItemId(itemId).setTimestamp(settings.clock().millis()).build();
    return new OutputRecord(settings.rejectedTopic(), null, rec.key(),
        rejection.serializer().serialize(settings.rejectedTopic(), r));
  }

  @Override
  public synchronized Optional<ProcessView> process(String processId) {
    ProcessFold f = find(processId);
    if (f == null) {
      return Optional.empty();
    }
    Map<String, Object> state = new LinkedHashMap<>();
    f.copyState().forEach(e -> state.put(e.getKey(), e.getValue()));
    return Optional.of(new ProcessView(processId, f.lastNonce, f.moduleRef, f.owner, f.haltReason, state,
        f.flowsByState()));
  }

  private @Nullable ProcessFold find(String processId) {
    for (Map<String, ProcessFold> folds : partitions.values()) {
      ProcessFold f = folds.get(processId);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /**
   * Evaluates {@code message} as the process's next item on a scratch fold restored from the live
   * fold's zone: the live fold is untouched, the result (outbox included) is what scheduling the
   * message now would give, and nothing is sent or written.
   */
  @Override
  public synchronized Optional<Result> dryRun(String processId, DataItem message) {
    ProcessFold live = find(processId);
    if (live == null) {
      return Optional.empty();
    }
    String messageId = DataItems.id(message);
    Assignment a = Assignment.newBuilder().setId("dry-run:" + messageId).setProcessId(processId).setEpoch(0)
        .setNonce(live.lastNonce + 1).setHashChain(Objects.requireNonNullElse(live.hashChain, ""))
        .setBlockHeight(0).setTimestamp(live.lastTimestamp).setMessageId(messageId).setVariant("dry-run")
        .setItem(message).build();
    if (live.halted) {
      return Optional.of(errorResult(a, message, "PROCESS_HALTED", "process " + processId + " is halted ("
          + live.haltReason + ")"));
    }
    return Optional.of(evaluateOnScratch(live, ScheduledItem.newBuilder().setAssignment(a).setItem(message).build()));
  }

  /** Evaluates {@code s} on a copy of {@code live} restored from its zone; {@code live} is untouched. */
  private Result evaluateOnScratch(ProcessFold live, ScheduledItem s) {
    String ref = live.moduleRef != null ? live.moduleRef : settings.legacyModules().get(live.processId);
    ProcessModule module = ref == null ? null : settings.modules().find(ref).orElse(null);
    ProcessFold scratch = ProcessFold.restored(live.processId, live.lastTimestamp, live.zoneCheckpoint(), module);
    try {
      scratch.lastNonce = live.lastNonce;
      scratch.lastAssignmentId = live.lastAssignmentId;
      scratch.hashChain = live.hashChain;
      scratch.moduleRef = live.moduleRef;
      scratch.owner = live.owner;
      return evaluate(scratch, s);
    } finally {
      scratch.close();
    }
  }

  @Override
  public synchronized FoldTotals totals() {
    int processes = 0;
    int halted = 0;
    long pending = 0;
    Map<String, Integer> flows = new java.util.TreeMap<>();
    for (Map<String, ProcessFold> folds : partitions.values()) {
      for (ProcessFold f : folds.values()) {
        processes++;
        halted += f.halted ? 1 : 0;
        pending += f.pendingRequests();
        f.flowsByState().forEach((k, v) -> flows.merge(k, v, Integer::sum));
      }
    }
    return new FoldTotals(processes, halted, flows, pending);
  }

  /** The fold of a process in an owned partition, for tests; empty when unknown. */
  Optional<ProcessFold> fold(int partition, String pid) {
    Map<String, ProcessFold> folds = partitions.get(partition);
    return folds == null ? Optional.empty() : Optional.ofNullable(folds.get(pid));
  }
}
