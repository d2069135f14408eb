package io.vowstream.dataitem;

import io.vowstream.dataitem.MalformedDataItemException.Reason;
import io.vowstream.schemas.Tag;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ANS-104 tag block: the Avro binary encoding of an array of {@code {name: string, value:
 * string}} records, written as one block (count, items, 0) and as zero bytes when there are no tags.
 * Hand-written rather than Avro's decoder so every deviation gets its own reason code.
 */
final class TagCodec {
  static final int MAX_TAGS = 128;
  static final int MAX_NAME_BYTES = 1024;
  static final int MAX_VALUE_BYTES = 3072;

  private TagCodec() {}

  /** Checks the tag limits and returns the canonical tag block. */
  static byte[] encode(List<Tag> tags) {
    if (tags.size() > MAX_TAGS) {
      throw new MalformedDataItemException(
          Reason.TOO_MANY_TAGS, "tags", "has " + tags.size() + " tags, at most " + MAX_TAGS
              + " are allowed");
    }
    if (tags.isEmpty()) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeLong(out, tags.size());
    for (int i = 0; i < tags.size(); i++) {
      Tag tag = tags.get(i);
      byte[] name = utf8(tag.getName(), "tags[" + i + "].name");
      byte[] value = utf8(tag.getValue(), "tags[" + i + "].value");
      checkLimits(i, name.length, value.length);
      writeLong(out, name.length);
      out.writeBytes(name);
      writeLong(out, value.length);
      out.writeBytes(value);
    }
    writeLong(out, 0);
    return out.toByteArray();
  }

  /** Decodes a tag block whose header declared {@code declaredCount} tags. */
  static List<Tag> decode(byte[] block, long declaredCount) {
    Reader reader = new Reader(block);
    List<Tag> tags = new ArrayList<>();
    if (block.length > 0) {
      while (true) {
        long count = reader.readLong("tags");
        if (count == 0) {
          break;
        }
        if (count < 0) {
          // Avro lets a writer prefix a block with its byte size by negating the count.
          count = -count;
          if (count < 0) {
            throw malformed("an impossible block count");
          }
          long size = reader.readLong("tags");
          if (size < 0) {
            throw malformed("a negative block byte size " + size);
          }
        }
        if (count > MAX_TAGS - tags.size()) {
          throw new MalformedDataItemException(
              Reason.TOO_MANY_TAGS, "tags", "the tag block holds more than " + MAX_TAGS
                  + " tags");
        }
        for (long j = 0; j < count; j++) {
          int index = tags.size();
          byte[] name = reader.readBytes("tags[" + index + "].name");
          byte[] value = reader.readBytes("tags[" + index + "].value");
          checkLimits(index, name.length, value.length);
          tags.add(new Tag(
              text(name, "tags[" + index + "].name"), text(value, "tags[" + index + "].value")));
        }
      }
      if (reader.position < block.length) {
        throw new MalformedDataItemException(
            Reason.TRAILING_TAG_BYTES, "tags", (block.length - reader.position)
                + " bytes follow the end of the Avro tag array inside the " + block.length
                + "-byte tag block");
      }
    }
    if (tags.size() != declaredCount) {
      throw new MalformedDataItemException(
          Reason.TAG_COUNT_MISMATCH, "tags", "the header declares " + Long.toUnsignedString(
              declaredCount) + " tags but the tag block holds " + tags.size());
    }
    // The signature covers these exact bytes and the Avro record keeps only the decoded tags, so
    // only the canonical encoding can be carried through Avro and still verify.
    if (!Arrays.equals(encode(tags), block)) {
      throw new MalformedDataItemException(
          Reason.NON_CANONICAL_TAG_BLOCK, "tags", "the tag block is valid Avro but not the"
              + " canonical ANS-104 encoding (one block, no byte sizes, zero bytes for no tags)");
    }
    return tags;
  }

  private static void checkLimits(int index, int nameBytes, int valueBytes) {
    if (nameBytes == 0) {
      throw new MalformedDataItemException(
          Reason.EMPTY_TAG_NAME, "tags[" + index + "].name", "tag names must not be empty");
    }
    if (nameBytes > MAX_NAME_BYTES) {
      throw new MalformedDataItemException(
          Reason.TAG_NAME_TOO_LONG, "tags[" + index + "].name", "is " + nameBytes
              + " UTF-8 bytes, at most " + MAX_NAME_BYTES + " are allowed");
    }
    if (valueBytes > MAX_VALUE_BYTES) {
      throw new MalformedDataItemException(
          Reason.TAG_VALUE_TOO_LONG, "tags[" + index + "].value", "is " + valueBytes
              + " UTF-8 bytes, at most " + MAX_VALUE_BYTES + " are allowed");
    }
  }

  private static byte[] utf8(String text, String field) {
    // String.getBytes replaces an unpaired surrogate instead of failing, so only text with
    // surrogates takes the strict encoder; the common case (most tags are ASCII) stays cheap.
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return strictUtf8(text, field);
      }
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] strictUtf8(String text, String field) {
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new MalformedDataItemException(
          Reason.INVALID_TAG_TEXT, field, "is not valid Unicode (an unpaired surrogate?)");
    }
  }

  private static String text(byte[] bytes, String field) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedDataItemException(
          Reason.INVALID_TAG_TEXT, field, "is not valid UTF-8");
    }
  }

  private static MalformedDataItemException malformed(String what) {
    return new MalformedDataItemException(
        Reason.MALFORMED_TAG_BLOCK, "tags", "the tag block is not a valid Avro tag array: "
            + what);
  }

  private static void writeLong(ByteArrayOutputStream out, long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    while ((zigzag & ~0x7FL) != 0) {
      out.write((int) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    out.write((int) zigzag);
  }

  private static final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    long readLong(String field) {
      long raw = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= bytes.length) {
          throw malformed("it ends inside a number (reading " + field + ")");
        }
        int b = bytes[position++] & 0xFF;
        raw |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return (raw >>> 1) ^ -(raw & 1);
        }
      }
      throw malformed("a variable-length number longer than 10 bytes (reading " + field + ")");
    }

    byte[] readBytes(String field) {
      long length = readLong(field);
      if (length < 0 || length > bytes.length - position) {
        throw malformed(field + " declares " + length + " bytes but " + (bytes.length - position)
            + " remain");
      }
      byte[] out = Arrays.copyOfRange(bytes, position, position + (int) length);
      position += (int) length;
      return out;
    }
  }
}
