package io.vowstream.dataitem;

/**
 * A data item (binary or Avro form) breaks the ANS-104 rules. {@link #reason()} is a stable code
 * for rejection records and metrics; {@link #field()} names the offending field; the message says
 * what was expected and what was found.
 */
public final class MalformedDataItemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why an item is malformed. Codes are stable: they end up in {@code vowstream.rejected}. */
  public enum Reason {
    /** The input ends before a fixed-length field does. */
    TRUNCATED,
    /** The signature type is not 1, 2 or 3. */
    UNKNOWN_SIGNATURE_TYPE,
    /** The signature does not have the length its type requires. */
    SIGNATURE_LENGTH,
    /** The owner key does not have the length its type requires. */
    OWNER_LENGTH,
    /** A target or anchor presence byte is neither 0 nor 1. */
    INVALID_PRESENCE_BYTE,
    /** The target is present but not 32 bytes. */
    TARGET_LENGTH,
    /** The anchor is longer than 32 bytes, or not exactly 32 bytes in the binary form. */
    ANCHOR_LENGTH,
    /** More than 128 tags (declared or actual). */
    TOO_MANY_TAGS,
    /** The declared tag count differs from the number of tags in the tag block. */
    TAG_COUNT_MISMATCH,
    /** The declared tag block length runs past the end of the input. */
    TAG_BLOCK_LENGTH,
    /** The tag block is not a valid Avro array of {name, value} records. */
    MALFORMED_TAG_BLOCK,
    /** Bytes are left inside the tag block after the Avro array ends. */
    TRAILING_TAG_BYTES,
    /** The tag block decodes, but is not the canonical encoding ANS-104 tools write. */
    NON_CANONICAL_TAG_BLOCK,
    /** A tag name or value is not valid UTF-8 / Unicode. */
    INVALID_TAG_TEXT,
    /** A tag name is empty. */
    EMPTY_TAG_NAME,
    /** A tag name is longer than 1024 UTF-8 bytes. */
    TAG_NAME_TOO_LONG,
    /** A tag value is longer than 3072 UTF-8 bytes. */
    TAG_VALUE_TOO_LONG
  }

  private final Reason reason;
  private final String field;

  /** A failure for {@code field} (e.g. {@code "owner"}, {@code "tags[3].name"}). */
  public MalformedDataItemException(Reason reason, String field, String message) {
    super(field + ": " + message);
    this.reason = reason;
    this.field = field;
  }

  /** The stable reason code. */
  public Reason reason() {
    return reason;
  }

  /** The field that is wrong, e.g. {@code "anchor"} or {@code "tags[2].value"}. */
  public String field() {
    return field;
  }
}
