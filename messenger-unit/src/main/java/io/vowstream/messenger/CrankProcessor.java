package io.vowstream.messenger;

import io.vowstream.dataitem.MalformedDataItemException;
import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.PartitionProcessor;
import io.vowstream.runtime.stream.StateRecord;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.OutboxAssignment;
import io.vowstream.schemas.OutboxMessage;
import io.vowstream.schemas.OutboxSpawn;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cranking stage's logic: every result on the results topic becomes the pushes its outbox
 * asks for — messages, spawns and assignment requests, signed by the MU key — written to the
 * schedule topic in the transaction that consumes the result. The SU turns them into assignments,
 * the CU into results, and those come back here: that loop runs until outboxes are empty.
 *
 * <p>Rules:
 * <ul>
 *   <li>Per result, pushes are written in outbox order (Spawned first, then messages, spawns,
 *       assignments), each keyed by the process it goes to; results of a process arrive in nonce
 *       order on one partition, so a target sees a source's pushes in the order they were made.
 *   <li>A result with an {@code Error} has no outbox (as in ao): the evaluation that produced it
 *       did not happen as far as the process's state is concerned, so neither did its sends.
 *   <li>The boot result (nonce 0) of a process spawned by another one also pushes {@code
 *       Spawned} to the parent, naming the child.
 *   <li>An entry that cannot become an item (bad target, missing Module, tag limits) is rejected
 *       with {@link RejectionReason#INVALID_OUTBOX_ENTRY}; the other entries still go out.
 *   <li>An assignment carries the signed item it names, found among every item committed on the
 *       assignments topic before the lookup; an item never scheduled is rejected with {@link
 *       RejectionReason#UNKNOWN_MESSAGE} (per assignment entry, not per process).
 * </ul>
 *
 * <p>State: {@code u/<pid>} marks a process whose item the directory did not know within the
 * wait; it is cranked without {@code From-Module} from then on. Writing the decision down keeps
 * re-pushes identical even if the directory learns the process later.
 */
final class CrankProcessor implements PartitionProcessor {
  private static final Logger log = LoggerFactory.getLogger(CrankProcessor.class);
  private static final String UNKNOWN_PREFIX = "u/";

  private final MessengerSettings settings;
  private final ProcessDirectory directory;
  private final ItemFinder scheduledItems;
  private final MessengerMetrics metrics;
  private final Rejections rejections;
  private final Map<Integer, Set<String>> unknown = new HashMap<>();

  /** Every scheduled item by id (a committed read model whose "not found" is final, or that throws). */
  @FunctionalInterface
  interface ItemFinder {
    Optional<DataItem> find(String itemId);
  }

  CrankProcessor(MessengerSettings settings, ProcessDirectory directory, ItemFinder scheduledItems,
      MessengerMetrics metrics) {
    this.settings = settings;
    this.directory = directory;
    this.scheduledItems = scheduledItems;
    this.metrics = metrics;
    this.rejections = new Rejections(settings, metrics);
  }

  @Override
  public void restore(int partition, List<StateRecord> records) {
    Set<String> pids = new HashSet<>();
    for (StateRecord r : records) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (!key.startsWith(UNKNOWN_PREFIX)) {
        continue;
      }
      if (r.value() == null) {
        pids.remove(key.substring(UNKNOWN_PREFIX.length()));
      } else {
        pids.add(key.substring(UNKNOWN_PREFIX.length()));
      }
    }
    unknown.put(partition, pids);
  }

  @Override
  public void drop(int partition) {
    unknown.remove(partition);
  }

  @Override
  public List<OutputRecord> process(int partition, List<InputRecord> batch) {
    Set<String> unknownHere = unknown.get(partition);
    if (unknownHere == null) {
      throw new IllegalStateException("partition " + partition + " was not restored before processing");
    }
    List<OutputRecord> out = new ArrayList<>();
    int pushes = 0;
    for (InputRecord rec : batch) {
      pushes += handle(partition, unknownHere, rec, out);
    }
    metrics.crankTransaction(pushes);
    return out;
  }

  private int handle(int partition, Set<String> unknownHere, InputRecord rec, List<OutputRecord> out) {
    Result result = decode(rec, out);
    if (result == null) {
      return 0;
    }
    String pid = result.getProcessId();
    ProcessInfo source = null;
    if (!unknownHere.contains(pid)) {
      source = directory.await(pid, settings.directoryWait()).orElse(null);
      if (source == null) {
        log.warn("process {} is not in the directory after {} ms; its pushes carry no From-Module from now on", pid,
            settings.directoryWait().toMillis());
        metrics.unknownSource();
        unknownHere.add(pid);
        out.add(OutputRecord.toPartition(settings.crankStateTopic(), partition,
            (UNKNOWN_PREFIX + pid).getBytes(StandardCharsets.UTF_8),
            settings.codec().stateValue.serializer().serialize(settings.crankStateTopic(), "unknown")));
      }
    }
    Pushes.Source src = new Pushes.Source(pid, result.getNonce(), result.getCron(), result.getMessageId(),
        source);
    int pushed = 0;
    ProcessInfo child = source;
    if (result.getNonce() == 0 && result.getCron() == null && pid.equals(result.getMessageId()) && child != null
        && child.fromProcess() != null) {
      pushed += emit(rec, result, "Spawned", () -> Pushes.spawned(settings.signer(), child, 0), out);
    }
    if (result.getError() != null) {
      if (!result.getMessages().isEmpty() || !result.getSpawns().isEmpty() || !result.getAssignments().isEmpty()) {
        metrics.outboxDiscarded();
        log.debug("result {} of {} has an Error; its outbox is not cranked", result.getNonce(), pid);
      }
      return pushed;
    }
    List<OutboxMessage> messages = result.getMessages();
    for (int i = 0; i < messages.size(); i++) {
      int index = i;
      pushed += emit(rec, result, "message " + i, () -> Pushes.message(settings.signer(), src, index,
          messages.get(index)), out);
    }
    List<OutboxSpawn> spawns = result.getSpawns();
    for (int i = 0; i < spawns.size(); i++) {
      int index = i;
      pushed += emit(rec, result, "spawn " + i, () -> Pushes.spawn(settings.signer(), src, index, spawns.get(index)),
          out);
    }
    List<OutboxAssignment> assignments = result.getAssignments();
    for (int i = 0; i < assignments.size(); i++) {
      OutboxAssignment a = assignments.get(i);
      if (a.getProcesses().isEmpty()) {
        continue;
      }
      // Throws when the read model cannot tell: the batch aborts and is retried, never answered otherwise.
      DataItem assigned = scheduledItems.find(a.getMessageId()).orElse(null);
      if (assigned == null) {
        out.add(rejections.of(rec, RejectionReason.UNKNOWN_MESSAGE, "outbox assignment " + i + " of the result of "
            + result.getMessageId() + " (process " + pid + ", nonce " + result.getNonce() + ") names message "
            + a.getMessageId() + ", which was never scheduled", result.getMessageId()));
        continue;
      }
      for (int j = 0; j < a.getProcesses().size(); j++) {
        int index = i;
        int sub = j;
        pushed += emit(rec, result, "assignment " + i + "/" + j,
            () -> Pushes.assignment(settings.signer(), src, index, sub, a, assigned), out);
      }
    }
    return pushed;
  }

  private int emit(InputRecord rec, Result result, String entry, java.util.function.Supplier<Pushes.Push> build,
      List<OutputRecord> out) {
    Pushes.Push push;
    try {
      push = build.get();
    } catch (IllegalArgumentException | MalformedDataItemException e) {
      out.add(rejections.of(rec, RejectionReason.INVALID_OUTBOX_ENTRY, "outbox " + entry + " of the result of "
          + result.getMessageId() + " (process " + result.getProcessId() + ", nonce " + result.getNonce()
          + ") cannot be pushed: " + e.getMessage(), result.getMessageId()));
      return 0;
    }
    String topic = settings.scheduleTopic();
    out.add(OutputRecord.keyed(topic, settings.codec().key.serializer().serialize(topic, push.key()),
        settings.codec().dataItem.serializer().serialize(topic, push.item())));
    metrics.pushed(push.kind());
    return 1;
  }

  private @Nullable Result decode(InputRecord rec, List<OutputRecord> out) {
    byte[] value = rec.value();
    if (value == null) {
      out.add(rejections.of(rec, RejectionReason.UNDECODABLE_RECORD, "the record has no value (a result was expected)",
          null));
      return null;
    }
    try {
      Result r = settings.codec().result.deserializer().deserialize(rec.topic(), value);
      if (r == null) {
        out.add(rejections.of(rec, RejectionReason.UNDECODABLE_RECORD, "the value decodes to null", null));
      }
      return r;
    } catch (SerializationException e) {
      if (e.getCause() instanceof SchemaRegistryException sre && !sre.isNotFound()) {
        throw e;
      }
      out.add(rejections.of(rec, RejectionReason.UNDECODABLE_RECORD, "the value is not an Avro result: "
          + e.getMessage(), null));
      return null;
    }
  }
}
