package io.vowstream.compute;

import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.HashChain;
import io.vowstream.dataitem.VerificationResult;
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

  private final FoldSettings settings;
  private final Serde<String> key;
  private final Serde<ScheduledItem> scheduledItem;
  private final Serde<Result> result;
  private final Serde<Rejection> rejection;
  private final Map<Integer, Map<String, ProcessFold>> partitions = new HashMap<>();
  private final FoldObserver observer;

  FoldProcessor(FoldSettings settings) {
    this(settings, FoldObserver.NONE);
  }

  FoldProcessor(FoldSettings settings, FoldObserver observer) {
    this.settings = settings;
    this.observer = observer;
    this.key = VowstreamSerdes.stringKey(settings.registry());
    this.scheduledItem = VowstreamSerdes.scheduledItem(settings.registry());
    this.result = VowstreamSerdes.result(settings.registry());
    this.rejection = VowstreamSerdes.rejection(settings.registry());
  }

  @Override
  public synchronized void restore(int partition, List<StateRecord> records) {
    Map<String, byte[]> checkpoints = new LinkedHashMap<>();
    Map<String, Long> tails = new HashMap<>();
    for (StateRecord r : records) {
      String k = new String(r.key(), StandardCharsets.UTF_8);
      byte[] value = r.value();
      if (k.startsWith(CHECKPOINT_PREFIX)) {
        String pid = k.substring(CHECKPOINT_PREFIX.length());
        if (value == null) {
          checkpoints.remove(pid);
        } else {
          checkpoints.put(pid, value);
        }
      } else if (k.startsWith(TAIL_PREFIX)) {
        String pid = k.substring(TAIL_PREFIX.length());
        if (value == null) {
          tails.remove(pid);
        } else {
          tails.put(pid, Checkpoints.readTail(pid, value));
        }
      } else {
        throw new IllegalStateException("state record '" + k + "' of partition " + partition
            + " is neither a checkpoint (c/) nor a tail (t/)");
      }
    }
    Map<String, ProcessFold> folds = new LinkedHashMap<>();
    checkpoints.forEach((pid, value) -> folds.put(pid, Checkpoints.readCheckpoint(pid, value)));
    tails.forEach((pid, committed) -> {
      ProcessFold f = folds.get(pid);
      if (f == null) {
        throw new IllegalStateException("process " + pid + " of partition " + partition
            + " has a committed nonce " + committed + " but no checkpoint");
      }
      f.committedNonce = Math.max(f.committedNonce, committed);
    });
    drop(partition);
    partitions.put(partition, folds);
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
    for (InputRecord rec : batch) {
      handle(partition, folds, rec, out, touched);
    }
    for (ProcessFold f : touched.values()) {
      if (f.checkpointDue || f.sinceCheckpoint >= settings.checkpointEvery()) {
        out.add(OutputRecord.toPartition(settings.stateTopic(), partition, prefixed(CHECKPOINT_PREFIX, f.processId),
            Checkpoints.checkpoint(f, f.snapshot())));
        f.checkpointDue = false;
        f.sinceCheckpoint = 0;
      }
      f.committedNonce = Math.max(f.committedNonce, f.lastNonce);
      out.add(OutputRecord.toPartition(settings.stateTopic(), partition, prefixed(TAIL_PREFIX, f.processId),
          Checkpoints.tail(f.committedNonce)));
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

  private void handle(int partition, Map<String, ProcessFold> folds, InputRecord rec, List<OutputRecord> out,
      Map<String, ProcessFold> touched) {
    String recordKey = decodeKey(rec);
    ScheduledItem s;
    try {
      s = rec.value() == null ? null : scheduledItem.deserializer().deserialize(rec.topic(), rec.value());
    } catch (SerializationException e) {
      rethrowIfRegistryDown(e);
      out.add(reject(rec, "UNDECODABLE_RECORD", "the value is not an Avro scheduled item: " + e.getMessage(), null));
      return;
    }
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
    if (settings.verifySignatures()) {
      Optional<String> bad = signatureProblem(a);
      if (bad.isPresent()) {
        halt(partition, f, rec, s, "BAD_SIGNATURE", bad.get(), out, replay);
        return;
      }
    }
    f.lastNonce = nonce;
    f.lastAssignmentId = a.getId();
    f.hashChain = a.getHashChain();
    f.lastOffset = rec.offset();
    f.sinceCheckpoint++;
    Result r = evaluate(f, s);
    if (!replay) {
      out.add(resultRecord(partition, r));
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
    if (boot) {
      f.moduleRef = DataItems.tag(item, "Module").orElse(null);
    }
    String ref = f.moduleRef != null ? f.moduleRef : settings.legacyModules().get(pid);
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
    byte[] data = bytes(item.getData());
    if (boot) {
      Optional<String> onBoot = DataItems.tag(item, "On-Boot");
      if (onBoot.isEmpty()) {
        data = new byte[0];
      } else if (!onBoot.get().equals("Data")) {
        return errorResult(a, item, "UNRESOLVED_BOOT_INPUT", "process " + pid + " boots from item " + onBoot.get()
            + ", which this CU cannot resolve yet (only On-Boot: Data is supported)");
      }
    }
    String owner;
    try {
      owner = DataItems.ownerAddress(item);
    } catch (RuntimeException e) {
      return errorResult(a, item, "BAD_OWNER", "item " + itemId + " has an owner whose address cannot be derived: "
          + e.getMessage());
    }
    EvalContext ctx = new EvalContext(f, a.getNonce(), itemId, a.getTimestamp(), a.getBlockHeight(),
        item.getTags(), data, owner);
    List<Map.Entry<String, Object>> before = f.copyState();
    ProcessModule module = found.get();
    try {
      if (boot) {
        module.boot(ctx);
      } else {
        module.handle(ctx);
      }
      f.drain();
    } catch (ModuleException e) {
      f.resetState(before);
      f.drain();
      return errorResult(a, item, e.code(), Objects.requireNonNullElse(e.getMessage(), e.code()));
    } catch (RuntimeException e) {
      f.resetState(before);
      f.drain();
      return errorResult(a, item, "MODULE_ERROR", ref + " failed on item " + itemId + ": " + e);
    }
    return Result.newBuilder().setProcessId(pid).setNonce(a.getNonce()).setMessageId(itemId)
        .setAssignmentId(a.getId()).setOutput(ctx.output).setError(null).setMessages(ctx.messages)
        .setSpawns(ctx.spawns).setAssignments(ctx.assignments).setJournal(new ArrayList<>()).build();
  }

  private static Result errorResult(Assignment a, @Nullable DataItem item, String code, String message) {
    String itemId = a.getMessageId() != null ? a.getMessageId() : a.getProcessId();
    return Result.newBuilder().setProcessId(a.getProcessId()).setNonce(a.getNonce()).setMessageId(itemId)
        .setAssignmentId(a.getId()).setOutput(null)
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
    for (Map<String, ProcessFold> folds : partitions.values()) {
      ProcessFold f = folds.get(processId);
      if (f != null) {
        Map<String, Object> state = new LinkedHashMap<>();
        f.copyState().forEach(e -> state.put(e.getKey(), e.getValue()));
        return Optional.of(new ProcessView(processId, f.lastNonce, f.moduleRef, null, f.haltReason, state, Map.of()));
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized Optional<Result> dryRun(String processId, DataItem message) {
    return Optional.empty(); // TODO(flows helper): evaluate against a copy of the fold
  }

  @Override
  public synchronized FoldTotals totals() {
    int processes = 0;
    int halted = 0;
    for (Map<String, ProcessFold> folds : partitions.values()) {
      for (ProcessFold f : folds.values()) {
        processes++;
        halted += f.halted ? 1 : 0;
      }
    }
    return new FoldTotals(processes, halted, Map.of(), 0);
  }

  /** The fold of a process in an owned partition, for tests; empty when unknown. */
  Optional<ProcessFold> fold(int partition, String pid) {
    Map<String, ProcessFold> folds = partitions.get(partition);
    return folds == null ? Optional.empty() : Optional.ofNullable(folds.get(pid));
  }
}
