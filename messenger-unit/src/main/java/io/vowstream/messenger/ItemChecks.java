package io.vowstream.messenger;

import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.MalformedDataItemException;
import io.vowstream.dataitem.VerificationResult;
import io.vowstream.schemas.DataItem;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The MU's admission rules, in one place for both entry points (the ingress topic and {@code POST
 * /}): size, ANS-104 structure, signature, protocol tags, and who may speak for a process.
 *
 * <p>Order: size, structure and signature first (cheap to state, and nothing else is worth reading
 * from an item that fails them), then the tags, and last the {@code From-Process} rule, the only
 * one that may wait for the process directory.
 */
final class ItemChecks {
  private final ProcessDirectory directory;
  private final int maxItemBytes;
  private final Duration directoryWait;

  ItemChecks(ProcessDirectory directory, int maxItemBytes, Duration directoryWait) {
    this.directory = directory;
    this.maxItemBytes = maxItemBytes;
    this.directoryWait = directoryWait;
  }

  /** The outcome of the checks. */
  sealed interface Verdict permits Accepted, Refused {}

  /**
   * An item to schedule.
   *
   * @param processId the process it belongs to: a Message's target, a Process's own id — the key
   *     of its records downstream
   */
  record Accepted(DataItem item, String id, String processId, boolean isProcess) implements Verdict {}

  /** An item to reject; {@code itemId} is null when the input is not even a data item. */
  record Refused(RejectionReason reason, String message, @Nullable String itemId) implements Verdict {}

  /** Whether an item of {@code size} bytes is small enough to be checked at all. */
  boolean acceptsSize(int size) {
    return size <= maxItemBytes;
  }

  /** Checks raw ANS-104 bytes (the body of {@code POST /}). */
  Verdict checkBinary(byte[] bytes) {
    if (bytes.length > maxItemBytes) {
      return tooLarge(bytes.length, null);
    }
    DataItem item;
    try {
      item = Ans104.decode(bytes);
    } catch (MalformedDataItemException e) {
      return new Refused(RejectionReason.MALFORMED_ITEM,
          "not a well-formed ANS-104 data item (" + e.reason() + "): " + e.getMessage(), null);
    }
    return check(item);
  }

  /** Checks a decoded item whose record value had {@code size} bytes (the ingress topic). */
  Verdict checkRecord(int size, DataItem item) {
    return checkRecord(size, item, null);
  }

  /** As {@link #checkRecord(int, DataItem)}, with the item's signature already checked (or null). */
  Verdict checkRecord(int size, DataItem item, @Nullable VerificationResult verdict) {
    if (size > maxItemBytes) {
      return tooLarge(size, safeId(item));
    }
    return check(item, verdict != null ? verdict : DataItems.verify(item));
  }

  private Refused tooLarge(int size, @Nullable String id) {
    return new Refused(RejectionReason.ITEM_TOO_LARGE, "the item has " + size + " bytes; at most " + maxItemBytes
        + " are accepted (vowstream.mu.max.item.bytes)", id);
  }

  Verdict check(DataItem item) {
    return check(item, DataItems.verify(item));
  }

  private Verdict check(DataItem item, VerificationResult verdict) {
    String id = safeId(item);
    if (verdict instanceof VerificationResult.Invalid bad) {
      RejectionReason reason = bad.failure() == VerificationResult.Failure.MALFORMED_ITEM
          ? RejectionReason.MALFORMED_ITEM : RejectionReason.BAD_SIGNATURE;
      return new Refused(reason, "item " + id + ": " + bad.failure() + ": " + bad.message(), id);
    }
    Optional<String> protocol = DataItems.tag(item, "Data-Protocol");
    Optional<String> type = DataItems.tag(item, "Type");
    if (protocol.isEmpty() || type.isEmpty()) {
      return new Refused(RejectionReason.MISSING_TAG, "item " + id + " has no "
          + (protocol.isEmpty() ? "Data-Protocol" : "Type") + " tag", id);
    }
    if (!protocol.get().equals("ao")) {
      return new Refused(RejectionReason.UNSUPPORTED_TYPE, "item " + id + " has Data-Protocol '" + protocol.get()
          + "'; only 'ao' is accepted", id);
    }
    return switch (type.get()) {
      case "Message" -> checkMessage(item, id);
      case "Process" -> checkProcess(item, id);
      default -> new Refused(RejectionReason.UNSUPPORTED_TYPE, "item " + id + " has Type '" + type.get()
          + "'; the MU accepts Message and Process items", id);
    };
  }

  private Verdict checkMessage(DataItem item, String id) {
    Optional<String> target = DataItems.targetId(item);
    if (target.isEmpty()) {
      return new Refused(RejectionReason.MISSING_TARGET, "message " + id + " has no target process", id);
    }
    Refused forged = checkFromProcess(item, id, target.get(), "its target");
    return forged != null ? forged : new Accepted(item, id, target.get(), false);
  }

  private Verdict checkProcess(DataItem item, String id) {
    for (String required : List.of("Module", "Scheduler")) {
      if (DataItems.tag(item, required).isEmpty()) {
        return new Refused(RejectionReason.MISSING_TAG, "process " + id + " has no " + required + " tag", id);
      }
    }
    // A spawn on behalf of a process: the parent decides whom it lets speak for it.
    Optional<String> parent = DataItems.tag(item, "From-Process");
    Refused forged = parent.isEmpty() ? null : checkFromProcess(item, id, parent.get(), "the parent process");
    return forged != null ? forged : new Accepted(item, id, id, true);
  }

  /**
   * The rule of ao's {@code ao.isTrusted}: an item may name a {@code From-Process} other than its
   * signer only when the signer is in the deciding process's {@code Authority}.
   */
  private @Nullable Refused checkFromProcess(DataItem item, String id, String deciderPid, String role) {
    Optional<String> from = DataItems.tag(item, "From-Process");
    if (from.isEmpty()) {
      return null;
    }
    Optional<ProcessInfo> decider = directory.await(deciderPid, directoryWait);
    if (decider.isEmpty()) {
      return new Refused(RejectionReason.UNKNOWN_PROCESS, "item " + id + " claims From-Process " + from.get()
          + ", but " + role + " " + deciderPid + " is not a known process (waited " + directoryWait.toMillis()
          + " ms for the process directory), so its Authority cannot be checked", id);
    }
    String signer = DataItems.ownerAddress(item);
    if (!decider.get().trusts(signer)) {
      return new Refused(RejectionReason.FORGED_FROM_PROCESS, "item " + id + " claims From-Process " + from.get()
          + ", but its signer " + signer + " is not listed in the Authority of " + role + " " + deciderPid, id);
    }
    return null;
  }

  private static @Nullable String safeId(DataItem item) {
    try {
      return DataItems.id(item);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
