package io.vowstream.scheduler;

import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.VerificationResult;
import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.PartitionProcessor;
import io.vowstream.runtime.stream.StateRecord;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ProcessTail;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.ScheduledRef;
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
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SU's schedule logic per input partition: validation, dedup, nonce and hash-chain
 * assignment, and the state records that make it survive a restart.
 *
 * <p>State-topic keys: {@code p/<pid>} → the process's {@link ProcessTail}; {@code
 * i/<pid>/<itemId>} → a {@link ScheduledRef} per scheduled item (what dedup needs after a restart).
 */
final class ScheduleProcessor implements PartitionProcessor {
  static final String REGISTRATION_HEADER = "Vowstream-Registration";
  static final String LEGACY = "legacy";
  private static final Logger log = LoggerFactory.getLogger(ScheduleProcessor.class);
  private static final int PARALLEL_VERIFY_THRESHOLD = 32;
  private static final VerificationResult VALID = new VerificationResult.Valid();

  private final SchedulerSettings settings;
  private final SchedulerMetrics metrics;
  private final Map<Integer, PartitionState> partitions = new HashMap<>();

  ScheduleProcessor(SchedulerSettings settings, SchedulerMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
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
    final Map<String, Tail> tails = new HashMap<>();
    final Set<String> scheduled = new HashSet<>();
  }

  @Override
  public void restore(int partition, List<StateRecord> records) {
    PartitionState st = new PartitionState();
    for (StateRecord r : records) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (r.value() == null) {
        if (key.startsWith("p/")) {
          st.tails.remove(key.substring(2));
        } else if (key.startsWith("i/")) {
          st.scheduled.remove(key.substring(2));
        }
        continue;
      }
      SchedulerState s = settings.codec().state.deserializer().deserialize(settings.stateTopic(), r.value());
      switch (s.getEntry()) {
        case ProcessTail tail -> st.tails.put(s.getProcessId(), Tail.from(tail));
        case ScheduledRef ref -> st.scheduled.add(s.getProcessId() + "/" + ref.getItemId());
        default -> throw new IllegalStateException("state record " + key + " holds an unknown entry "
            + s.getEntry().getClass().getName());
      }
    }
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
    List<OutputRecord> out = new ArrayList<>();
    Map<String, Tail> changed = new LinkedHashMap<>();
    // Decoding and signature checks do not depend on state: checks run in parallel (they are
    // most of the CPU cost of an item), everything else in order.
    List<Decoded> decoded = new ArrayList<>(batch.size());
    for (InputRecord rec : batch) {
      decoded.add(decode(rec));
    }
    VerificationResult[] verdicts = new VerificationResult[decoded.size()];
    if (settings.verifySignatures()) {
      IntStream range = IntStream.range(0, decoded.size());
      (decoded.size() >= PARALLEL_VERIFY_THRESHOLD ? range.parallel() : range).forEach(i -> {
        DataItem item = decoded.get(i).item();
        verdicts[i] = item == null ? VALID : FastEd25519.verify(item);
      });
    }
    for (int i = 0; i < decoded.size(); i++) {
      Decoded d = decoded.get(i);
      if (d.rejection() != null) {
        out.add(d.rejection());
      } else {
        handle(partition, st, d.rec(), java.util.Objects.requireNonNull(d.item()), verdicts[i], out, changed);
      }
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
    return new Decoded(rec, item, null);
  }

  private void handle(int partition, PartitionState st, InputRecord rec, DataItem item,
      @Nullable VerificationResult verdict, List<OutputRecord> out, Map<String, Tail> changed) {
    String id = DataItems.id(item);
    if (verdict instanceof VerificationResult.Invalid bad) {
      RejectionReason reason = bad.failure() == VerificationResult.Failure.MALFORMED_ITEM
          ? RejectionReason.MALFORMED_ITEM : RejectionReason.BAD_SIGNATURE;
      out.add(reject(rec, reason, bad.failure() + ": " + bad.message(), id));
      return;
    }
    Optional<String> protocol = DataItems.tag(item, "Data-Protocol");
    Optional<String> type = DataItems.tag(item, "Type");
    if (protocol.isEmpty() || type.isEmpty()) {
      out.add(reject(rec, RejectionReason.MISSING_TAG, "item " + id + " has no "
          + (protocol.isEmpty() ? "Data-Protocol" : "Type") + " tag", id));
      return;
    }
    if (!protocol.get().equals("ao")) {
      out.add(reject(rec, RejectionReason.UNSUPPORTED_TYPE, "item " + id + " has Data-Protocol '"
          + protocol.get() + "'; only 'ao' is scheduled", id));
      return;
    }
    switch (type.get()) {
      case "Process" -> handleProcess(partition, st, rec, item, id, out, changed);
      case "Message" -> handleMessage(partition, st, rec, item, id, out, changed);
      default -> out.add(reject(rec, RejectionReason.UNSUPPORTED_TYPE, "item " + id + " has Type '" + type.get()
          + "'; the SU schedules Process and Message items", id));
    }
  }

  private void handleProcess(int partition, PartitionState st, InputRecord rec, DataItem item, String pid,
      List<OutputRecord> out, Map<String, Tail> changed) {
    for (String required : List.of("Module", "Scheduler")) {
      if (DataItems.tag(item, required).isEmpty()) {
        out.add(reject(rec, RejectionReason.MISSING_TAG, "process " + pid + " has no " + required + " tag", pid));
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
    Assignment a = assign(partition, st, pid, tail, null, item, out);
    tail.processAssignmentId = a.getId();
    changed.put(pid, tail);
  }

  private void handleMessage(int partition, PartitionState st, InputRecord rec, DataItem item, String id,
      List<OutputRecord> out, Map<String, Tail> changed) {
    Optional<String> target = DataItems.targetId(item);
    if (target.isEmpty()) {
      out.add(reject(rec, RejectionReason.MISSING_TARGET, "message " + id + " has no target process", id));
      return;
    }
    String pid = target.get();
    if (!keyMatches(rec, pid, out, id)) {
      return;
    }
    Tail tail = st.tails.get(pid);
    if (tail == null) {
      out.add(reject(rec, RejectionReason.UNKNOWN_PROCESS, "message " + id + " targets process " + pid
          + ", which this SU has not scheduled", id));
      return;
    }
    if (st.scheduled.contains(pid + "/" + id)) {
      metrics.duplicate("message");
      log.debug("message {} is already on the schedule of {}; acknowledged without a nonce", id, pid);
      return;
    }
    assign(partition, st, pid, tail, id, item, out);
    changed.put(pid, tail);
  }

  private boolean keyMatches(InputRecord rec, String pid, List<OutputRecord> out, String itemId) {
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
    out.add(reject(rec, RejectionReason.KEY_MISMATCH, "item " + itemId + " belongs to process " + pid
        + " but its record key is " + (key == null ? "missing or not an Avro string" : "'" + key + "'"), itemId));
    return false;
  }

  private Assignment assign(int partition, PartitionState st, String pid, Tail tail, @Nullable String messageId,
      DataItem item, List<OutputRecord> out) {
    long nonce = tail.lastNonce + 1;
    String chain = tail.lastAssignmentId == null
        ? HashChain.seed(pid)
        : HashChain.next(tail.lastAssignmentId, java.util.Objects.requireNonNull(tail.hashChain));
    long now = settings.clock().millis();
    long height = settings.blockHeight().currentHeight();
    List<Tag> tags = new ArrayList<>(List.of(
        new Tag("Process", pid),
        new Tag("Epoch", "0"),
        new Tag("Nonce", Long.toString(nonce)),
        new Tag("Hash-Chain", chain),
        new Tag("Block-Height", String.format("%012d", height)),
        new Tag("Timestamp", Long.toString(now)),
        new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Assignment"),
        new Tag("Variant", settings.variant())));
    if (messageId != null) {
      tags.add(new Tag("Message", messageId));
    }
    DataItem signed = DataItems.sign(settings.signer(), null, null, tags, new byte[0]);
    String aid = DataItems.id(signed);
    Assignment a = Assignment.newBuilder().setId(aid).setProcessId(pid).setEpoch(0).setNonce(nonce)
        .setHashChain(chain).setBlockHeight(height).setTimestamp(now).setMessageId(messageId)
        .setVariant(settings.variant()).setItem(signed).build();
    ScheduledItem scheduled = ScheduledItem.newBuilder().setAssignment(a).setItem(item).build();
    out.add(OutputRecord.toPartition(settings.assignmentsTopic(), partition,
        settings.codec().key.serializer().serialize(settings.assignmentsTopic(), pid),
        settings.codec().scheduledItem.serializer().serialize(settings.assignmentsTopic(), scheduled)));
    String itemId = messageId == null ? pid : messageId;
    st.scheduled.add(pid + "/" + itemId);
    out.add(stateRecord(partition, "i/" + pid + "/" + itemId, pid,
        ScheduledRef.newBuilder().setItemId(itemId).setNonce(nonce).setAssignmentId(aid).build()));
    tail.lastNonce = nonce;
    tail.hashChain = chain;
    tail.lastAssignmentId = aid;
    tail.updatedAt = now;
    metrics.assigned(pid, nonce);
    return a;
  }

  private OutputRecord stateRecord(int partition, String key, String pid, Object entry) {
    SchedulerState s = SchedulerState.newBuilder().setProcessId(pid).setEntry(entry).build();
    return OutputRecord.toPartition(settings.stateTopic(), partition, key.getBytes(StandardCharsets.UTF_8),
        settings.codec().state.serializer().serialize(settings.stateTopic(), s));
  }

  private OutputRecord reject(InputRecord rec, RejectionReason reason, String message, @Nullable String itemId) {
    metrics.rejected(reason);
    log.debug("rejected {}-{}@{}: {} {}", rec.topic(), rec.partition(), rec.offset(), reason, message);
    Rejection r = Rejection.newBuilder().setUnit("su").setReasonCode(reason.name()).setMessage(message)
        .setInput(ByteBuffer.wrap(rec.value() == null ? new byte[0] : rec.value()))
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
