package io.vowstream.scheduler;

import io.vowstream.dataitem.VerificationResult;

/** Why the SU refused a record; the names are the stable {@code reasonCode}s of rejection records. */
public enum RejectionReason {
  /** The record's value is missing or is not an Avro data item from the registry. */
  UNDECODABLE_RECORD,
  /** The data item breaks a structural rule of ANS-104 (lengths, tag limits). */
  MALFORMED_ITEM,
  /** The signature does not verify (or its type or owner key is unusable). */
  BAD_SIGNATURE,
  /**
   * A required tag is missing: {@code Data-Protocol}, {@code Type}, a Process's {@code
   * Module}/{@code Scheduler}, or an Assign's {@code Process}/{@code Message}.
   */
  MISSING_TAG,
  /** {@code Data-Protocol} is not {@code ao}, or {@code Type} is not {@code Process}, {@code Message} or {@code Assign}. */
  UNSUPPORTED_TYPE,
  /** A Message without a target process. */
  MISSING_TARGET,
  /** A Message or Assign for a process this SU has not scheduled or registered. */
  UNKNOWN_PROCESS,
  /** The record key is not the process id the item belongs to, so it sits in the wrong partition. */
  KEY_MISMATCH,
  /**
   * An Assign whose data is not an ANS-104 data item, or carries an item whose id is not the
   * Assign's {@code Message} tag.
   */
  ASSIGN_MISMATCH,
  /**
   * The item is larger than {@code vowstream.su.max.item.bytes}. The rejection record leaves the
   * input out (its source topic, partition and offset point to it), so that the rejection itself
   * stays below Kafka's record limit.
   */
  ITEM_TOO_LARGE;

  /** The reason for an item whose verification failed: a structural fault or a bad signature. */
  static RejectionReason of(VerificationResult.Invalid bad) {
    return bad.failure() == VerificationResult.Failure.MALFORMED_ITEM ? MALFORMED_ITEM : BAD_SIGNATURE;
  }
}
