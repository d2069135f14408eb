package io.vowstream.scheduler;

import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.HashChain;
import io.vowstream.dataitem.MalformedDataItemException;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.PreparedSigner;
import io.vowstream.dataitem.SignatureType;
import io.vowstream.dataitem.VerificationResult;
import io.vowstream.runtime.stream.BatchWork;
import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.PartitionProcessor;
import io.vowstream.runtime.stream.StateRecord;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ProcessTail;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.ScheduledBatch;
import io.vowstream.schemas.SchedulerState;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SU's schedule logic per input partition: validation, dedup, nonce and hash-chain
 * assignment, and the state records that make it survive a restart.
 *
 * <p>State-topic keys: {@code p/<pid>} → the process's {@link ProcessTail}; {@code b/<offset>} → a
 * {@link ScheduledBatch} with what one transaction put on its partition's schedules, as {@code
 * <pid>/<dedup key>} entries, keyed by the transaction's first input offset (what dedup needs after
 * a restart). One dedup record per transaction, rather than one per process or per item, keeps the
 * records a transaction writes close to its assignments. Restores also read the earlier form,
 * {@code i/<pid>/<firstNonce>} with bare ids, one per process and transaction.
 *
 * <p>A batch goes through three steps. Rules, dedup and nonces run in input order on the calling
 * thread and leave a {@link Planned} slot per assignment. Signing, the expensive part, then runs
 * per process on the signing executor, together with serializing the assignment record: a
 * process's chain is sequential (each link hashes the previous assignment id), but processes are
 * independent. Last, the records are collected in input order, so the output is the same as with
 * sequential signing.
 */
final class ScheduleProcessor implements PartitionProcessor {
  static final String REGISTRATION_HEADER = "Vowstream-Registration";
  static final String LEGACY = "legacy";
  private static final Logger log = LoggerFactory.getLogger(ScheduleProcessor.class);
  private static final int PARALLEL_VERIFY_THRESHOLD = 32;
  // Below this many assignments a batch is signed on the calling thread: handing work to the
  // pool costs more than it saves.
  private static final int PARALLEL_SIGN_THRESHOLD = 8;
  private static final VerificationResult VALID = new VerificationResult.Valid();

  private final SchedulerSettings settings;
  private final SchedulerMetrics metrics;
  private final Executor signing;
  // The SU key's constant part of every assignment's deep hash, computed once (see PreparedSigner).
  private final PreparedSigner signer;
  private final Map<Integer, PartitionState> partitions = new HashMap<>();

  /** Signs on the calling thread. */
  ScheduleProcessor(SchedulerSettings settings, SchedulerMetrics metrics) {
    this(settings, metrics, Runnable::run);
  }

  /**
   * Signs the assignments of different processes of one batch in parallel on {@code signing}. The
   * processor blocks until every task of the batch is done, so a pool of one thread per core is
   * enough; a direct executor ({@code Runnable::run}) signs sequentially.
   */
  ScheduleProcessor(SchedulerSettings settings, SchedulerMetrics metrics, Executor signing) {
    this.settings = settings;
    this.metrics = metrics;
    this.signing = signing;
    this.signer = PreparedSigner.of(settings.signer());
  }

  /** Mutable tail of one process's schedule. */
  static final class Tail {
    long lastNonce = -1;
    @Nullable String hashChain;
    @Nullable String lastAssignmentId;
    @Nullable String processAssignmentId;
    boolean legacy;
    long updatedAt;

    ProcessTail toRecord() {
      return ProcessTail.newBuilder().setLastNonce(lastNonce).setHashChain(hashChain)
          .setLastAssignmentId(lastAssignmentId).setProcessAssignmentId(processAssignmentId)
          .setLegacy(legacy).setUpdatedAt(updatedAt).build();
    }

    static Tail from(ProcessTail r) {
      Tail t = new Tail();
      t.lastNonce = r.getLastNonce();
      t.hashChain = r.getHashChain();
      t.lastAssignmentId = r.getLastAssignmentId();
      t.processAssignmentId = r.getProcessAssignmentId();
      t.legacy = r.getLegacy();
      t.updatedAt = r.getUpdatedAt();
      return t;
    }
  }

  private static final class PartitionState {
    final int partition;
    final Map<String, Tail> tails = new HashMap<>();
    final Set<String> scheduled = new HashSet<>();

    PartitionState(int partition) {
      this.partition = partition;
    }
  }

  @Override
  public void restore(int partition, List<StateRecord> records) {
    PartitionState st = new PartitionState(partition);
    // Dedup batches by key until the end, so that a tombstone (or a newer value) of a key replaces
    // what an older record of that key listed.
    Map<String, List<String>> batches = new HashMap<>();
    for (StateRecord r : records) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (r.value() == null) {
        if (key.startsWith("p/")) {
          st.tails.remove(key.substring(2));
        } else if (key.startsWith("i/") || key.startsWith("b/")) {
          batches.remove(key);
        }
        continue;
      }
      SchedulerState s = settings.codec().state.deserializer().deserialize(settings.stateTopic(), r.value());
      switch (s.getEntry()) {
        case ProcessTail tail -> st.tails.put(s.getProcessId(), Tail.from(tail));
        case ScheduledBatch batch -> {
          // A whole transaction's batch has no single process: its entries carry theirs.
          String prefix = s.getProcessId().isEmpty() ? "" : s.getProcessId() + "/";
          List<String> ids = new ArrayList<>(batch.getItemIds().size());
          for (CharSequence itemId : batch.getItemIds()) {
            ids.add(prefix + itemId);
          }
          batches.put(key, ids);
        }
        default -> throw new IllegalStateException("state record " + key + " holds an unknown entry "
            + s.getEntry().getClass().getName());
      }
    }
    batches.values().forEach(st.scheduled::addAll);
    partitions.put(partition, st);
    st.tails.forEach((pid, t) -> metrics.nonceHead(pid, t.lastNonce));
  }

  @Override
  public void drop(int partition) {
    PartitionState st = partitions.remove(partition);
    if (st != null) {
      st.tails.keySet().forEach(metrics::forgetProcess);
    }
  }

  @Override
  public List<OutputRecord> process(int partition, List<InputRecord> batch) {
    PartitionState st = partitions.get(partition);
    if (st == null) {
      throw new IllegalStateException("partition " + partition + " was not restored before processing");
    }
    List<Step> steps = new ArrayList<>();
    Map<String, Tail> changed = new LinkedHashMap<>();
    // Decoding and signature checks do not depend on state: checks run in parallel (they are
    // most of the CPU cost of an item), everything else in order.
    List<Decoded> decoded = new ArrayList<>(batch.size());
    for (InputRecord rec : batch) {
      decoded.add(decode(rec));
    }
    List<VerificationResult> verdicts = settings.verifySignatures()
        ? BatchWork.map(decoded, PARALLEL_VERIFY_THRESHOLD, d -> d.item() == null ? VALID : DataItems.verify(d.item()))
        : null;
    for (int i = 0; i < decoded.size(); i++) {
      Decoded d = decoded.get(i);
      OutputRecord rejected = d.rejection();
      if (rejected != null) {
        steps.add(new Ready(rejected));
      } else {
        handle(st, d.rec(), Objects.requireNonNull(d.item()), verdicts == null ? null : verdicts.get(i), steps, changed);
      }
    }
    signAll(steps);
    List<OutputRecord> out = new ArrayList<>(steps.size() + 2 * changed.size());
    // What this batch scheduled, as <pid>/<dedup key>: one dedup record for the whole batch.
    List<String> scheduled = new ArrayList<>();
    for (Step step : steps) {
      switch (step) {
        case Ready r -> out.add(r.record());
        case Planned p -> {
          emit(p, out);
          for (String k : p.dedupKeys) {
            scheduled.add(p.pid + "/" + k);
          }
        }
      }
    }
    if (!scheduled.isEmpty()) {
      long firstOffset = batch.getFirst().offset();
      out.add(stateRecord(partition, "b/" + firstOffset, "", new ScheduledBatch(firstOffset, scheduled)));
    }
    // One tail record per process and batch: the last one is all a restore needs.
    changed.forEach((pid, tail) -> out.add(stateRecord(partition, "p/" + pid, pid, tail.toRecord())));
    return out;
  }

  private record Decoded(InputRecord rec, @Nullable DataItem item, @Nullable OutputRecord rejection) {}

  private Decoded decode(InputRecord rec) {
    byte[] value = rec.value();
    if (value == null) {
      return new Decoded(rec, null,
          reject(rec, RejectionReason.UNDECODABLE_RECORD, "the record has no value (a data item was expected)", null));
    }
    DataItem item;
    try {
      item = settings.codec().dataItem.deserializer().deserialize(rec.topic(), value);
    } catch (SerializationException e) {
      if (e.getCause() instanceof SchemaRegistryException sre && !sre.isNotFound()) {
        throw e; // the registry is unreachable: abort and retry rather than reject a good item
      }
      return new Decoded(rec, null, reject(rec, RejectionReason.UNDECODABLE_RECORD,
          "the value is not an Avro data item: " + e.getMessage(), null));
    }
    if (item == null) {
      return new Decoded(rec, null, reject(rec, RejectionReason.UNDECODABLE_RECORD, "the value decodes to null", null));
    }
    if (value.length > settings.maxItemBytes()) {
      // Checked before anything is planned, so no nonce is used; a producer refusing the assignment
      // record would instead fail, and retry, every transaction that holds it.
      return new Decoded(rec, null, reject(rec, RejectionReason.ITEM_TOO_LARGE, "the item has " + value.length
          + " bytes; this SU schedules items of at most " + settings.maxItemBytes()
          + " bytes (vowstream.su.max.item.bytes), which keeps an assignment record below Kafka's record limit;"
          + " the input is left out of this record", DataItems.id(item), false));
    }
    return new Decoded(rec, item, null);
  }

  private void handle(PartitionState st, InputRecord rec, DataItem item,
      @Nullable VerificationResult verdict, List<Step> out, Map<String, Tail> changed) {
    String id = DataItems.id(item);
    if (verdict instanceof VerificationResult.Invalid bad) {
      RejectionReason reason = RejectionReason.of(bad);
      out.add(rejection(rec, reason, bad.failure() + ": " + bad.message(), id));
      return;
    }
    Optional<String> protocol = DataItems.tag(item, "Data-Protocol");
    Optional<String> type = DataItems.tag(item, "Type");
    if (protocol.isEmpty() || type.isEmpty()) {
      out.add(rejection(rec, RejectionReason.MISSING_TAG, "item " + id + " has no "
          + (protocol.isEmpty() ? "Data-Protocol" : "Type") + " tag", id));
      return;
    }
    if (!protocol.get().equals("ao")) {
      out.add(rejection(rec, RejectionReason.UNSUPPORTED_TYPE, "item " + id + " has Data-Protocol '"
          + protocol.get() + "'; only 'ao' is scheduled", id));
      return;
    }
    switch (type.get()) {
      case "Process" -> handleProcess(st, rec, item, id, out, changed);
      case "Message" -> handleMessage(st, rec, item, id, out, changed);
      case "Assign" -> handleAssign(st, rec, item, id, out, changed);
      default -> out.add(rejection(rec, RejectionReason.UNSUPPORTED_TYPE, "item " + id + " has Type '" + type.get()
          + "'; the SU schedules Process, Message and Assign items", id));
    }
  }

  private void handleProcess(PartitionState st, InputRecord rec, DataItem item, String pid,
      List<Step> out, Map<String, Tail> changed) {
    for (String required : List.of("Module", "Scheduler")) {
      if (DataItems.tag(item, required).isEmpty()) {
        out.add(rejection(rec, RejectionReason.MISSING_TAG, "process " + pid + " has no " + required + " tag", pid));
        return;
      }
    }
    if (!keyMatches(rec, pid, out, pid)) {
      return;
    }
    if (st.tails.containsKey(pid)) {
      metrics.duplicate("process");
      log.debug("process {} is already scheduled; acknowledged without a nonce", pid);
      return;
    }
    Tail tail = new Tail();
    if (LEGACY.equals(rec.headers().get(REGISTRATION_HEADER))) {
      tail.legacy = true;
      tail.updatedAt = settings.clock().millis();
      st.tails.put(pid, tail);
      changed.put(pid, tail);
      metrics.nonceHead(pid, tail.lastNonce);
      return;
    }
    st.tails.put(pid, tail);
    plan(st, pid, tail, null, item, List.of(pid), out);
    changed.put(pid, tail);
  }

  private void handleMessage(PartitionState st, InputRecord rec, DataItem item, String id,
      List<Step> out, Map<String, Tail> changed) {
    Optional<String> target = DataItems.targetId(item);
    if (target.isEmpty()) {
      out.add(rejection(rec, RejectionReason.MISSING_TARGET, "message " + id + " has no target process", id));
      return;
    }
    String pid = target.get();
    Tail tail = knownTail(st, rec, pid, "message", id, out);
    if (tail == null) {
      return;
    }
    List<String> keys = dedupKeys(id, item);
    if (isScheduled(st, pid, keys)) {
      metrics.duplicate("message");
      log.debug("message {} (or its content signed again) is already on the schedule of {}; acknowledged without a"
          + " nonce", id, pid);
      return;
    }
    plan(st, pid, tail, id, item, keys, out);
    changed.put(pid, tail);
  }

  /**
   * {@code Type: Assign} (pushed by the MU for an outbox assignment or a user spawn with a target):
   * process {@code Process} also schedules item {@code Message}, whose signed ANS-104 bytes are the
   * Assign's data. The embedded item, not the Assign, becomes the scheduled body, with its own id as
   * the message id, so the chain, dedup and the CU treat it like a message sent to the process.
   */
  private void handleAssign(PartitionState st, InputRecord rec, DataItem item, String id,
      List<Step> out, Map<String, Tail> changed) {
    Optional<String> process = DataItems.tag(item, "Process");
    Optional<String> message = DataItems.tag(item, "Message");
    if (process.isEmpty() || message.isEmpty()) {
      out.add(rejection(rec, RejectionReason.MISSING_TAG, "assign " + id + " has no "
          + (process.isEmpty() ? "Process" : "Message") + " tag", id));
      return;
    }
    String pid = process.get();
    Tail tail = knownTail(st, rec, pid, "assign", id, out);
    if (tail == null) {
      return;
    }
    DataItem assigned;
    try {
      assigned = Ans104.decode(bytes(item.getData()));
    } catch (MalformedDataItemException e) {
      out.add(rejection(rec, RejectionReason.ASSIGN_MISMATCH, "assign " + id + " does not carry an ANS-104 item ("
          + e.reason() + "): " + e.getMessage(), id));
      return;
    }
    String assignedId = DataItems.id(assigned);
    if (!assignedId.equals(message.get())) {
      out.add(rejection(rec, RejectionReason.ASSIGN_MISMATCH, "assign " + id + " names message " + message.get()
          + " but carries item " + assignedId, id));
      return;
    }
    // Checked even with vowstream.su.verify.signatures off: an id is a hash of the signature alone,
    // so only a valid signature ties the carried tags and data to the id the Message tag names.
    if (DataItems.verify(assigned) instanceof VerificationResult.Invalid bad) {
      RejectionReason reason = RejectionReason.of(bad);
      out.add(rejection(rec, reason, "the item " + assignedId + " carried by assign " + id + ": " + bad.failure()
          + ": " + bad.message(), id));
      return;
    }
    List<String> keys = dedupKeys(assignedId, assigned);
    if (isScheduled(st, pid, keys)) {
      metrics.duplicate("assign");
      log.debug("item {} is already on the schedule of {}; assign {} acknowledged without a nonce", assignedId, pid,
          id);
      return;
    }
    plan(st, pid, tail, assignedId, assigned, keys, out);
    changed.put(pid, tail);
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer dup = b.duplicate();
    byte[] out = new byte[dup.remaining()];
    dup.get(out);
    return out;
  }

  /**
   * The tail of process {@code pid} when the record is keyed by it and this SU schedules it;
   * otherwise null, with the rejection added to {@code out}.
   */
  private @Nullable Tail knownTail(PartitionState st, InputRecord rec, String pid, String what, String itemId,
      List<Step> out) {
    if (!keyMatches(rec, pid, out, itemId)) {
      return null;
    }
    Tail tail = st.tails.get(pid);
    if (tail == null) {
      out.add(rejection(rec, RejectionReason.UNKNOWN_PROCESS, what + " " + itemId + " is for process " + pid
          + ", which this SU has not scheduled", itemId));
    }
    return tail;
  }

  private boolean keyMatches(InputRecord rec, String pid, List<Step> out, String itemId) {
    String key = null;
    if (rec.key() != null) {
      try {
        key = settings.codec().key.deserializer().deserialize(rec.topic(), rec.key());
      } catch (SerializationException e) {
        if (e.getCause() instanceof SchemaRegistryException sre && !sre.isNotFound()) {
          throw e;
        }
        key = null;
      }
    }
    if (pid.equals(key)) {
      return true;
    }
    out.add(rejection(rec, RejectionReason.KEY_MISMATCH, "item " + itemId + " belongs to process " + pid
        + " but its record key is " + (key == null ? "missing or not an Avro string" : "'" + key + "'"), itemId));
    return false;
  }

  /** One entry of a batch's output, in input order: a ready record or an assignment to sign. */
  private sealed interface Step permits Ready, Planned {}

  private record Ready(OutputRecord record) implements Step {}

  /**
   * An assignment whose nonce, time and height are fixed in input order; {@link #sign} adds the
   * chain link and the signed item. Clock and height are read here, on the calling thread, so an
   * injected source sees the same calls in the same order as with sequential signing.
   */
  private static final class Planned implements Step {
    final int partition;
    final String pid;
    final Tail tail;
    final @Nullable String messageId;
    final DataItem item;
    final long nonce;
    final long timestamp;
    final long height;
    /** What marks the item as scheduled on this process (see {@link #dedupKeys}). */
    final List<String> dedupKeys;
    @Nullable Assignment assignment;
    // The serialized assignment record, written by the signing task: serializing is a large part
    // of an item's cost on the calling thread, and the bytes do not depend on which thread writes
    // them.
    @Nullable OutputRecord record;

    Planned(int partition, String pid, Tail tail, @Nullable String messageId, DataItem item, long nonce,
        long timestamp, long height, List<String> dedupKeys) {
      this.partition = partition;
      this.pid = pid;
      this.tail = tail;
      this.messageId = messageId;
      this.item = item;
      this.nonce = nonce;
      this.timestamp = timestamp;
      this.height = height;
      this.dedupKeys = dedupKeys;
    }
  }

  private void plan(PartitionState st, String pid, Tail tail, @Nullable String messageId, DataItem item,
      List<String> dedupKeys, List<Step> out) {
    long nonce = tail.lastNonce + 1;
    long now = settings.clock().millis();
    long height = settings.blockHeight().currentHeight();
    tail.lastNonce = nonce;
    // Marked now so that a second copy later in the same batch is a duplicate.
    for (String k : dedupKeys) {
      st.scheduled.add(pid + "/" + k);
    }
    out.add(new Planned(st.partition, pid, tail, messageId, item, nonce, now, height, dedupKeys));
  }

  /**
   * What marks item {@code id} as scheduled on a process: its id and, for signature types whose
   * signatures vary for the same content (RSA-PSS is randomised, an ECDSA signature has a second
   * valid form), also its signed content (the ANS-104 deep hash, prefixed {@code h:}, which no id
   * contains), so that the same content signed again is a duplicate too, as in ao's SU. An Ed25519
   * signature is a function of key and content, so its id already says it all.
   */
  static List<String> dedupKeys(String id, DataItem item) {
    if (item.getSignatureType() == SignatureType.ED25519.code()) {
      return List.of(id);
    }
    return List.of(id, "h:" + Base64Url.encode(DataItems.signatureData(item)));
  }

  private static boolean isScheduled(PartitionState st, String pid, List<String> keys) {
    for (String k : keys) {
      if (st.scheduled.contains(pid + "/" + k)) {
        return true;
      }
    }
    return false;
  }

  /** Signs every planned assignment: each process's in order, different processes in parallel. */
  private void signAll(List<Step> steps) {
    Map<String, List<Planned>> byProcess = new LinkedHashMap<>();
    int planned = 0;
    for (Step step : steps) {
      if (step instanceof Planned p) {
        byProcess.computeIfAbsent(p.pid, pid -> new ArrayList<>()).add(p);
        planned++;
      }
    }
    if (byProcess.size() < 2 || planned < PARALLEL_SIGN_THRESHOLD) {
      byProcess.values().forEach(this::signInOrder);
      return;
    }
    List<CompletableFuture<Void>> tasks = new ArrayList<>(byProcess.size());
    for (List<Planned> chain : byProcess.values()) {
      tasks.add(CompletableFuture.runAsync(() -> signInOrder(chain), signing));
    }
    try {
      // allOf completes only after every task has: no task still writes a tail when this returns
      // or throws (a failure aborts the transaction and the stage restores the partition).
      CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private void signInOrder(List<Planned> chain) {
    for (Planned p : chain) {
      sign(p);
    }
  }

  /** Links, signs and serializes one assignment; only touches its own process's tail. */
  private void sign(Planned p) {
    Tail tail = p.tail;
    String chain = tail.lastAssignmentId == null
        ? HashChain.seed(p.pid)
        : HashChain.next(tail.lastAssignmentId, Objects.requireNonNull(tail.hashChain));
    List<Tag> tags = new ArrayList<>(List.of(
        new Tag("Process", p.pid),
        new Tag("Epoch", "0"),
        new Tag("Nonce", Long.toString(p.nonce)),
        new Tag("Hash-Chain", chain),
        new Tag("Block-Height", blockHeight(p.height)),
        new Tag("Timestamp", Long.toString(p.timestamp)),
        new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Assignment"),
        new Tag("Variant", settings.variant())));
    if (p.messageId != null) {
      tags.add(new Tag("Message", p.messageId));
    }
    DataItem signed = signer.sign(null, null, tags, new byte[0]);
    String aid = DataItems.id(signed);
    p.assignment = Assignment.newBuilder().setId(aid).setProcessId(p.pid).setEpoch(0).setNonce(p.nonce)
        .setHashChain(chain).setBlockHeight(p.height).setTimestamp(p.timestamp).setMessageId(p.messageId)
        .setVariant(settings.variant()).setItem(signed).build();
    tail.hashChain = chain;
    tail.lastAssignmentId = aid;
    tail.updatedAt = p.timestamp;
    if (p.messageId == null) {
      tail.processAssignmentId = aid;
    }
    ScheduledItem scheduled = ScheduledItem.newBuilder().setAssignment(p.assignment).setItem(p.item).build();
    p.record = OutputRecord.toPartition(settings.assignmentsTopic(), p.partition,
        settings.codec().key.serializer().serialize(settings.assignmentsTopic(), p.pid),
        settings.codec().scheduledItem.serializer().serialize(settings.assignmentsTopic(), scheduled));
  }

  /** {@code String.format("%012d", height)} without the formatter, which shows in a profile. */
  static String blockHeight(long height) {
    if (height < 0) {
      return String.format("%012d", height);
    }
    String digits = Long.toString(height);
    return digits.length() >= 12 ? digits : "0".repeat(12 - digits.length()) + digits;
  }

  /** The assignment record, added in input order. */
  private void emit(Planned p, List<OutputRecord> out) {
    out.add(Objects.requireNonNull(p.record, "assignment was not signed"));
    metrics.assigned(p.pid, p.nonce);
  }

  private OutputRecord stateRecord(int partition, String key, String pid, Object entry) {
    SchedulerState s = SchedulerState.newBuilder().setProcessId(pid).setEntry(entry).build();
    return OutputRecord.toPartition(settings.stateTopic(), partition, key.getBytes(StandardCharsets.UTF_8),
        settings.codec().state.serializer().serialize(settings.stateTopic(), s));
  }

  private Ready rejection(InputRecord rec, RejectionReason reason, String message, @Nullable String itemId) {
    return new Ready(reject(rec, reason, message, itemId));
  }

  private OutputRecord reject(InputRecord rec, RejectionReason reason, String message, @Nullable String itemId) {
    return reject(rec, reason, message, itemId, true);
  }

  private OutputRecord reject(InputRecord rec, RejectionReason reason, String message, @Nullable String itemId,
      boolean withInput) {
    metrics.rejected(reason);
    log.debug("rejected {}-{}@{}: {} {}", rec.topic(), rec.partition(), rec.offset(), reason, message);
    Rejection r = Rejection.newBuilder().setUnit("su").setReasonCode(reason.name()).setMessage(message)
        .setInput(ByteBuffer.wrap(rec.value() == null || !withInput ? new byte[0] : rec.value()))
        .setSourceTopic(rec.topic()).setSourcePartition(rec.partition()).setSourceOffset(rec.offset())
        .setItemId(itemId).setTimestamp(settings.clock().millis()).build();
    return new OutputRecord(settings.rejectedTopic(), null, rec.key(),
        settings.codec().rejection.serializer().serialize(settings.rejectedTopic(), r));
  }

  /** The tail of a process in an owned partition, for tests and metrics; empty when unknown. */
  Optional<Tail> tail(int partition, String pid) {
    PartitionState st = partitions.get(partition);
    return st == null ? Optional.empty() : Optional.ofNullable(st.tails.get(pid));
  }
}
