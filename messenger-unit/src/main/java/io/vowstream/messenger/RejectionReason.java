package io.vowstream.messenger;

/**
 * Why the MU refused an item; the names are the stable {@code reasonCode}s of rejection records
 * (unit {@code mu}) and of the {@code reason} field of HTTP error answers.
 */
public enum RejectionReason {
  /** An ingress record whose value is missing or is not an Avro data item from the registry. */
  UNDECODABLE_RECORD,
  /** The item breaks a structural ANS-104 rule (lengths, presence bytes, tag limits, tag block). */
  MALFORMED_ITEM,
  /** The signature does not verify, or its type or owner key is unusable (types 1, 2, 3 are checked). */
  BAD_SIGNATURE,
  /** The item is larger than {@code vowstream.mu.max.item.bytes}. */
  ITEM_TOO_LARGE,
  /** A required tag is missing: {@code Data-Protocol}, {@code Type}, or a Process's {@code Module}/{@code Scheduler}. */
  MISSING_TAG,
  /** {@code Data-Protocol} is not {@code ao}, or {@code Type} is neither {@code Message} nor {@code Process}. */
  UNSUPPORTED_TYPE,
  /** A Message without a target process. */
  MISSING_TARGET,
  /**
   * The item carries {@code From-Process}, but its signer is not listed in the {@code Authority}
   * of the process that has to trust it (a Message's target, a Process's parent).
   */
  FORGED_FROM_PROCESS,
  /**
   * The item carries {@code From-Process}, but the process whose {@code Authority} decides is not
   * in the MU's process directory, even after waiting {@code vowstream.mu.directory.wait.ms}.
   */
  UNKNOWN_PROCESS,
  /** A result's outbox entry cannot become a data item (bad target, missing Module, tag limits). */
  INVALID_OUTBOX_ENTRY,
  /** A result's outbox assignment names a message that was never scheduled (so there is nothing to assign). */
  UNKNOWN_MESSAGE
}
