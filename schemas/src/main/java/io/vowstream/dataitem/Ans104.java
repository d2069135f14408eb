package io.vowstream.dataitem;

import io.vowstream.dataitem.MalformedDataItemException.Reason;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The binary ANS-104 form of a data item, converted to and from the Avro record.
 *
 * <p>Layout, integers little-endian: signature type (u16); signature and owner (lengths fixed by
 * the type); target presence byte and 32 bytes; anchor presence byte and 32 bytes; tag count
 * (u64); tag block length (u64); the tag block (Avro array of {name, value}); the data (the rest).
 */
public final class Ans104 {
  /** Length of a target and of a binary anchor. */
  public static final int ID_LENGTH = 32;

  private Ans104() {}

  /**
   * Decodes and validates a binary item. Nothing is checked about the signature; see {@link
   * DataItems#verify}.
   *
   * @throws MalformedDataItemException with the reason and the field when the bytes are not a
   *     well-formed item
   */
  public static DataItem decode(byte[] bytes) {
    Cursor in = new Cursor(bytes);
    int code = (int) in.littleEndian(2, "signatureType");
    SignatureType type = SignatureType.fromCode(code)
        .orElseThrow(() -> new MalformedDataItemException(
            Reason.UNKNOWN_SIGNATURE_TYPE, "signatureType", SignatureType.unsupportedMessage(
                code)));
    byte[] signature = in.take(type.signatureLength(), "signature");
    byte[] owner = in.take(type.ownerLength(), "owner");
    byte[] target = in.optional("target");
    byte[] anchor = in.optional("anchor");
    long tagCount = in.littleEndian(8, "tag count");
    if (Long.compareUnsigned(tagCount, TagCodec.MAX_TAGS) > 0) {
      throw new MalformedDataItemException(
          Reason.TOO_MANY_TAGS, "tags", "the header declares " + Long.toUnsignedString(tagCount)
              + " tags, at most " + TagCodec.MAX_TAGS + " are allowed");
    }
    long tagLength = in.littleEndian(8, "tag block length");
    if (Long.compareUnsigned(tagLength, in.remaining()) > 0) {
      throw new MalformedDataItemException(
          Reason.TAG_BLOCK_LENGTH, "tags", "the header declares a tag block of "
              + Long.toUnsignedString(tagLength) + " bytes but only " + in.remaining()
              + " bytes remain");
    }
    List<Tag> tags = TagCodec.decode(in.take((int) tagLength, "tags"), tagCount);
    byte[] data = in.rest();
    return DataItem.newBuilder()
        .setSignatureType(code)
        .setSignature(Bytes.wrap(signature))
        .setOwner(Bytes.wrap(owner))
        .setTarget(Bytes.wrapNullable(target))
        .setAnchor(Bytes.wrapNullable(anchor))
        .setTags(tags)
        .setData(Bytes.wrap(data))
        .build();
  }

  /**
   * Encodes an Avro item in the binary form. The binary form has no room for a short anchor: an
   * anchor must be exactly 32 bytes here although the Avro record allows up to 32.
   *
   * @throws MalformedDataItemException with the reason and the field when the item cannot be
   *     encoded
   */
  public static byte[] encode(DataItem item) {
    SignatureType type = checkFields(item);
    byte[] anchor = Bytes.ofNullable(item.getAnchor());
    if (anchor != null && anchor.length != ID_LENGTH) {
      throw new MalformedDataItemException(
          Reason.ANCHOR_LENGTH, "anchor", "the binary ANS-104 form needs an anchor of exactly "
              + ID_LENGTH + " bytes, this one has " + anchor.length + " (the Avro form allows"
              + " up to 32; pad it or leave it out)");
    }
    byte[] target = Bytes.ofNullable(item.getTarget());
    byte[] tagBlock = TagCodec.encode(item.getTags());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeLittleEndian(out, type.code(), 2);
    out.writeBytes(Bytes.of(item.getSignature()));
    out.writeBytes(Bytes.of(item.getOwner()));
    writeOptional(out, target);
    writeOptional(out, anchor);
    writeLittleEndian(out, item.getTags().size(), 8);
    writeLittleEndian(out, tagBlock.length, 8);
    out.writeBytes(tagBlock);
    out.writeBytes(Bytes.of(item.getData()));
    return out.toByteArray();
  }

  /**
   * The canonical tag block of these tags: the bytes the signature covers.
   *
   * @throws MalformedDataItemException when the tags break the ANS-104 limits
   */
  public static byte[] tagBytes(List<Tag> tags) {
    return TagCodec.encode(tags);
  }

  /**
   * Validates the Avro form (type, field lengths, anchor of at most 32 bytes, tag limits) and
   * returns the type.
   */
  static SignatureType checkFields(DataItem item) {
    SignatureType type = SignatureType.fromCode(item.getSignatureType())
        .orElseThrow(() -> new MalformedDataItemException(
            Reason.UNKNOWN_SIGNATURE_TYPE, "signatureType",
            SignatureType.unsupportedMessage(item.getSignatureType())));
    int signatureLength = item.getSignature().remaining();
    if (signatureLength != type.signatureLength()) {
      throw new MalformedDataItemException(
          Reason.SIGNATURE_LENGTH, "signature", "a " + type + " signature has "
              + type.signatureLength() + " bytes, this one has " + signatureLength);
    }
    checkOwner(type, item.getOwner().remaining());
    checkTargetAndAnchor(item.getTarget() == null ? -1 : item.getTarget().remaining(),
        item.getAnchor() == null ? -1 : item.getAnchor().remaining());
    TagCodec.encode(item.getTags());
    return type;
  }

  static void checkOwner(SignatureType type, int ownerLength) {
    if (ownerLength != type.ownerLength()) {
      throw new MalformedDataItemException(
          Reason.OWNER_LENGTH, "owner", "a " + type + " owner key has " + type.ownerLength()
              + " bytes, this one has " + ownerLength);
    }
  }

  /** Lengths of -1 mean absent. */
  static void checkTargetAndAnchor(int targetLength, int anchorLength) {
    if (targetLength >= 0 && targetLength != ID_LENGTH) {
      throw new MalformedDataItemException(
          Reason.TARGET_LENGTH, "target", "must be " + ID_LENGTH + " bytes when present, this"
              + " one has " + targetLength);
    }
    if (anchorLength > ID_LENGTH) {
      throw new MalformedDataItemException(
          Reason.ANCHOR_LENGTH, "anchor", "must be at most " + ID_LENGTH + " bytes, this one has "
              + anchorLength);
    }
  }

  private static void writeOptional(ByteArrayOutputStream out, byte @Nullable [] value) {
    if (value == null) {
      out.write(0);
    } else {
      out.write(1);
      out.writeBytes(value);
    }
  }

  private static void writeLittleEndian(ByteArrayOutputStream out, long value, int width) {
    for (int i = 0; i < width; i++) {
      out.write((int) (value >>> (8 * i)) & 0xFF);
    }
  }

  private static final class Cursor {
    private final byte[] bytes;
    private int position;

    Cursor(byte[] bytes) {
      this.bytes = bytes;
    }

    int remaining() {
      return bytes.length - position;
    }

    byte[] take(int length, String field) {
      if (length > remaining()) {
        throw new MalformedDataItemException(
            Reason.TRUNCATED, field, "needs " + length + " bytes at offset " + position
                + " but the input ends after " + remaining());
      }
      byte[] out = Arrays.copyOfRange(bytes, position, position + length);
      position += length;
      return out;
    }

    long littleEndian(int width, String field) {
      byte[] raw = take(width, field);
      long value = 0;
      for (int i = width - 1; i >= 0; i--) {
        value = (value << 8) | (raw[i] & 0xFF);
      }
      return value;
    }

    byte @Nullable [] optional(String field) {
      int presence = take(1, field + " presence byte")[0] & 0xFF;
      return switch (presence) {
        case 0 -> null;
        case 1 -> take(ID_LENGTH, field);
        default -> throw new MalformedDataItemException(
            Reason.INVALID_PRESENCE_BYTE, field, "the presence byte must be 0 or 1, found "
                + presence);
      };
    }

    byte[] rest() {
      return take(remaining(), "data");
    }
  }
}
