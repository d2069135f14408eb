package io.vowstream.dataitem;

import static io.vowstream.dataitem.TestKeys.filled;
import static io.vowstream.dataitem.TestKeys.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.dataitem.MalformedDataItemException.Reason;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class Ans104Test {

  /** Writes a binary item field by field, so tests can break any part of it. */
  static final class Raw {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Raw le(long value, int width) {
      for (int i = 0; i < width; i++) {
        out.write((int) (value >>> (8 * i)) & 0xFF);
      }
      return this;
    }

    Raw bytes(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    Raw hex(String hex) {
      return bytes(HexFormat.of().parseHex(hex));
    }

    /** An Ed25519 header with no target and no anchor. */
    static Raw ed25519Header() {
      return new Raw().le(2, 2).bytes(filled(64, 7)).bytes(filled(32, 8)).le(0, 1).le(0, 1);
    }

    byte[] done() {
      return out.toByteArray();
    }
  }

  private static DataItem item(int type, int sigLength, int ownerLength, byte[] target,
      byte[] anchor, List<Tag> tags, byte[] data) {
    return DataItem.newBuilder()
        .setSignatureType(type)
        .setSignature(ByteBuffer.wrap(filled(sigLength, 1)))
        .setOwner(ByteBuffer.wrap(filled(ownerLength, 2)))
        .setTarget(target == null ? null : ByteBuffer.wrap(target))
        .setAnchor(anchor == null ? null : ByteBuffer.wrap(anchor))
        .setTags(tags)
        .setData(ByteBuffer.wrap(data))
        .build();
  }

  private static DataItem ed25519Item() {
    return item(2, 64, 32, filled(32, 3), filled(32, 4), tags("Type", "Message", "Ä", ""),
        "hi".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void encodesTheDocumentedLayout() {
    DataItem item = item(2, 64, 32, filled(32, 3), null, tags("a", "bc"), new byte[] {9, 9});
    byte[] expected = new Raw().le(2, 2).bytes(filled(64, 1)).bytes(filled(32, 2))
        .le(1, 1).bytes(filled(32, 3)).le(0, 1)
        .le(1, 8).le(7, 8)
        // Avro: block count 1 (zigzag 02), "a" (02 61), "bc" (04 62 63), end of array (00).
        .hex("0202610462 6300".replace(" ", ""))
        .bytes(new byte[] {9, 9})
        .done();
    assertThat(Ans104.encode(item)).isEqualTo(expected);
    assertThat(Ans104.decode(expected)).isEqualTo(item);
  }

  @Test
  void roundTripsEveryType() {
    for (SignatureType type : SignatureType.values()) {
      DataItem item = item(type.code(), type.signatureLength(), type.ownerLength(),
          filled(32, 5), filled(32, 6), tags("Data-Protocol", "ao", "Type", "Process"),
          filled(300, 0x42));
      byte[] binary = Ans104.encode(item);
      assertThat(binary).hasSize(2 + type.signatureLength() + type.ownerLength() + 33 + 33 + 16
          + Ans104.tagBytes(item.getTags()).length + 300);
      assertThat(Ans104.decode(binary)).as(type.name()).isEqualTo(item);
      assertThat(Ans104.encode(Ans104.decode(binary))).isEqualTo(binary);
    }
  }

  @Test
  void zeroTagsMeansAZeroLengthTagBlock() {
    DataItem item = item(2, 64, 32, null, null, List.of(), new byte[0]);
    byte[] binary = Ans104.encode(item);
    byte[] expected = new Raw().le(2, 2).bytes(filled(64, 1)).bytes(filled(32, 2)).le(0, 1)
        .le(0, 1).le(0, 8).le(0, 8).done();
    assertThat(binary).isEqualTo(expected);
    assertThat(Ans104.decode(binary)).isEqualTo(item);
    assertThat(Ans104.decode(expected).getTags()).isEmpty();
    assertThat(Ans104.tagBytes(List.of())).isEmpty();
  }

  @Test
  void decodingDoesNotShareBuffersWithTheInput() {
    byte[] binary = Ans104.encode(ed25519Item());
    DataItem decoded = Ans104.decode(binary);
    binary[binary.length - 1] = 0;
    assertThat(decoded.getData().get(1)).isEqualTo((byte) 'i');
  }

  @Test
  void encodingLeavesBufferPositionsAlone() {
    DataItem item = ed25519Item();
    Ans104.encode(item);
    assertThat(item.getData().position()).isZero();
    assertThat(item.getSignature().remaining()).isEqualTo(64);
  }

  @Test
  void tagBytesUseAvroZigzagLengths() {
    String longValue = "x".repeat(100);
    byte[] bytes = Ans104.tagBytes(tags("n", longValue));
    // count 1 → 02; "n" → 02 6e; 100 → zigzag 200 → c8 01.
    assertThat(HexFormat.of().formatHex(bytes, 0, 5)).isEqualTo("02026ec801");
    assertThat(bytes).hasSize(5 + 100 + 1);
    assertThat(bytes[bytes.length - 1]).isZero();
  }

  // ---- malformed binary input: one reason per case ----

  @Test
  void emptyInputIsTruncated() {
    assertMalformed(() -> Ans104.decode(new byte[0]), Reason.TRUNCATED, "signatureType");
  }

  @Test
  void unknownSignatureType() {
    byte[] binary = new Raw().le(4, 2).bytes(filled(200, 0)).done();
    assertMalformed(() -> Ans104.decode(binary), Reason.UNKNOWN_SIGNATURE_TYPE, "signatureType")
        .hasMessageContaining("signature type 4 is not supported");
  }

  @Test
  void truncatedInEveryFixedField() {
    byte[] full = Ans104.encode(ed25519Item());
    assertMalformed(() -> Ans104.decode(slice(full, 1)), Reason.TRUNCATED, "signatureType");
    assertMalformed(() -> Ans104.decode(slice(full, 40)), Reason.TRUNCATED, "signature");
    assertMalformed(() -> Ans104.decode(slice(full, 80)), Reason.TRUNCATED, "owner");
    assertMalformed(() -> Ans104.decode(slice(full, 98)), Reason.TRUNCATED,
        "target presence byte");
    assertMalformed(() -> Ans104.decode(slice(full, 110)), Reason.TRUNCATED, "target");
    assertMalformed(() -> Ans104.decode(slice(full, 140)), Reason.TRUNCATED, "anchor");
    assertMalformed(() -> Ans104.decode(slice(full, 170)), Reason.TRUNCATED, "tag count");
    assertMalformed(() -> Ans104.decode(slice(full, 175)), Reason.TRUNCATED, "tag block length")
        .hasMessageContaining("needs 8 bytes at offset 172");
  }

  @Test
  void presenceByteMustBeZeroOrOne() {
    byte[] binary = new Raw().le(2, 2).bytes(filled(64, 0)).bytes(filled(32, 0)).le(2, 1)
        .bytes(filled(64, 0)).done();
    assertMalformed(() -> Ans104.decode(binary), Reason.INVALID_PRESENCE_BYTE, "target")
        .hasMessageContaining("found 2");
    byte[] anchorBad = new Raw().le(2, 2).bytes(filled(64, 0)).bytes(filled(32, 0)).le(0, 1)
        .le(255, 1).bytes(filled(64, 0)).done();
    assertMalformed(() -> Ans104.decode(anchorBad), Reason.INVALID_PRESENCE_BYTE, "anchor");
  }

  @Test
  void declaredTagCountAboveTheLimit() {
    byte[] binary = Raw.ed25519Header().le(129, 8).le(0, 8).done();
    assertMalformed(() -> Ans104.decode(binary), Reason.TOO_MANY_TAGS, "tags")
        .hasMessageContaining("129");
    byte[] huge = Raw.ed25519Header().le(-1, 8).le(0, 8).done();
    assertMalformed(() -> Ans104.decode(huge), Reason.TOO_MANY_TAGS, "tags")
        .hasMessageContaining("18446744073709551615");
  }

  @Test
  void tagBlockLongerThanTheInput() {
    byte[] binary = Raw.ed25519Header().le(1, 8).le(50, 8).hex("02026102620000").done();
    assertMalformed(() -> Ans104.decode(binary), Reason.TAG_BLOCK_LENGTH, "tags")
        .hasMessageContaining("50 bytes but only 7 bytes remain");
    byte[] huge = Raw.ed25519Header().le(1, 8).le(-1, 8).done();
    assertMalformed(() -> Ans104.decode(huge), Reason.TAG_BLOCK_LENGTH, "tags");
  }

  @Test
  void declaredCountDiffersFromDecodedCount() {
    byte[] block = Ans104.tagBytes(tags("a", "b", "c", "d"));
    byte[] binary = Raw.ed25519Header().le(3, 8).le(block.length, 8).bytes(block).done();
    assertMalformed(() -> Ans104.decode(binary), Reason.TAG_COUNT_MISMATCH, "tags")
        .hasMessageContaining("declares 3 tags but the tag block holds 2");
    byte[] missingBlock = Raw.ed25519Header().le(1, 8).le(0, 8).done();
    assertMalformed(() -> Ans104.decode(missingBlock), Reason.TAG_COUNT_MISMATCH, "tags");
  }

  @Test
  void trailingBytesInsideTheTagBlock() {
    byte[] block = Ans104.tagBytes(tags("a", "b"));
    byte[] padded = java.util.Arrays.copyOf(block, block.length + 2);
    byte[] binary = Raw.ed25519Header().le(1, 8).le(padded.length, 8).bytes(padded)
        .bytes(new byte[] {5}).done();
    assertMalformed(() -> Ans104.decode(binary), Reason.TRAILING_TAG_BYTES, "tags")
        .hasMessageContaining("2 bytes follow");
  }

  @Test
  void brokenAvroInsideTheTagBlock() {
    // A string length that runs past the block.
    assertTagBlock(1, "020a61", Reason.MALFORMED_TAG_BLOCK);
    // A block that ends in the middle of a varint.
    assertTagBlock(1, "0280", Reason.MALFORMED_TAG_BLOCK);
    // A negative string length.
    assertTagBlock(1, "0201", Reason.MALFORMED_TAG_BLOCK);
    // A varint longer than ten bytes.
    assertTagBlock(1, "ffffffffffffffffffffff01", Reason.MALFORMED_TAG_BLOCK);
    // An array that never ends.
    assertTagBlock(1, "0202610262", Reason.MALFORMED_TAG_BLOCK);
  }

  @Test
  void validButNonCanonicalAvroIsRefused() {
    // The same tag written with a byte-size-prefixed block (count -1, size 4).
    assertTagBlock(1, "0108026102620000".substring(0, 14), Reason.NON_CANONICAL_TAG_BLOCK);
    // Two blocks of one tag each instead of one block of two.
    assertTagBlock(2, "020261026202026302640000".substring(0, 22), Reason.NON_CANONICAL_TAG_BLOCK);
    // An explicit empty array for zero tags.
    assertTagBlock(0, "00", Reason.NON_CANONICAL_TAG_BLOCK);
  }

  @Test
  void tagLimitsAreCheckedWhenDecoding() {
    assertTagBlock(1, "020002620000".substring(0, 10), Reason.EMPTY_TAG_NAME);
    byte[] longName = Ans104Test.block("n".repeat(1025), "v");
    assertTagBlock(1, HexFormat.of().formatHex(longName), Reason.TAG_NAME_TOO_LONG);
    byte[] longValue = Ans104Test.block("n", "v".repeat(3073));
    assertTagBlock(1, HexFormat.of().formatHex(longValue), Reason.TAG_VALUE_TOO_LONG);
    // 0xC3 0x28 is not UTF-8.
    assertTagBlock(1, "0204c3280262" + "00", Reason.INVALID_TAG_TEXT);
  }

  @Test
  void tagsAtTheLimitsAreAccepted() {
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < 127; i++) {
      tags.add(new Tag("t" + i, ""));
    }
    tags.add(new Tag("n".repeat(1024), "v".repeat(3072)));
    DataItem item = item(2, 64, 32, null, null, tags, new byte[0]);
    assertThat(Ans104.decode(Ans104.encode(item)).getTags()).isEqualTo(tags);
  }

  @Test
  void moreThan128TagsInsideTheBlock() {
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < 129; i++) {
      tags.add(new Tag("t", "v"));
    }
    // Hand-encode 129 tags: zigzag(129) = 258 = 0x82 0x02.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x82, 0x02});
    for (int i = 0; i < 129; i++) {
      out.writeBytes(new byte[] {2, 't', 2, 'v'});
    }
    out.write(0);
    assertTagBlock(128, HexFormat.of().formatHex(out.toByteArray()), Reason.TOO_MANY_TAGS);
    DataItem item = item(2, 64, 32, null, null, tags, new byte[0]);
    assertMalformed(() -> Ans104.encode(item), Reason.TOO_MANY_TAGS, "tags")
        .hasMessageContaining("129 tags");
  }

  // ---- encoding errors ----

  @Test
  void encodingNeedsAThirtyTwoByteAnchor() {
    DataItem item = item(2, 64, 32, null, filled(20, 1), List.of(), new byte[0]);
    assertMalformed(() -> Ans104.encode(item), Reason.ANCHOR_LENGTH, "anchor")
        .hasMessageContaining("exactly 32 bytes")
        .hasMessageContaining("has 20")
        .hasMessageContaining("Avro form allows up to 32");
    DataItem tooLong = item(2, 64, 32, null, filled(33, 1), List.of(), new byte[0]);
    assertMalformed(() -> Ans104.encode(tooLong), Reason.ANCHOR_LENGTH, "anchor")
        .hasMessageContaining("at most 32");
  }

  @Test
  void encodingChecksEveryFixedLength() {
    assertMalformed(() -> Ans104.encode(item(7, 64, 32, null, null, List.of(), new byte[0])),
        Reason.UNKNOWN_SIGNATURE_TYPE, "signatureType");
    assertMalformed(() -> Ans104.encode(item(2, 63, 32, null, null, List.of(), new byte[0])),
        Reason.SIGNATURE_LENGTH, "signature").hasMessageContaining("64 bytes, this one has 63");
    assertMalformed(() -> Ans104.encode(item(3, 65, 64, null, null, List.of(), new byte[0])),
        Reason.OWNER_LENGTH, "owner").hasMessageContaining("65 bytes, this one has 64");
    assertMalformed(
        () -> Ans104.encode(item(2, 64, 32, filled(31, 0), null, List.of(), new byte[0])),
        Reason.TARGET_LENGTH, "target").hasMessageContaining("has 31");
  }

  @Test
  void encodingChecksTags() {
    assertMalformed(() -> Ans104.encode(item(2, 64, 32, null, null, tags("", "v"), new byte[0])),
        Reason.EMPTY_TAG_NAME, "tags[0].name");
    assertMalformed(
        () -> Ans104.encode(item(2, 64, 32, null, null, tags("ok", "1", "x", "\uD800"),
            new byte[0])),
        Reason.INVALID_TAG_TEXT, "tags[1].value");
    assertMalformed(
        () -> Ans104.tagBytes(tags("a", "b", "é".repeat(513), "v")),
        Reason.TAG_NAME_TOO_LONG, "tags[1].name").hasMessageContaining("1026 UTF-8 bytes");
  }

  /** A one-tag Avro block written without any limit checks. */
  static byte[] block(String name, String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varint(out, 1);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    varint(out, n.length);
    out.writeBytes(n);
    varint(out, v.length);
    out.writeBytes(v);
    out.write(0);
    return out.toByteArray();
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    while (zigzag >= 0x80) {
      out.write((int) (zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    out.write((int) zigzag);
  }

  private static void assertTagBlock(long declared, String blockHex, Reason reason) {
    byte[] block = HexFormat.of().parseHex(blockHex);
    byte[] binary = Raw.ed25519Header().le(declared, 8).le(block.length, 8).bytes(block).done();
    assertMalformed(() -> Ans104.decode(binary), reason, null);
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ?> assertMalformed(
      ThrowingCallable call, Reason reason, String field) {
    var assertion = assertThatThrownBy(call).isInstanceOf(MalformedDataItemException.class)
        .satisfies(e -> assertThat(((MalformedDataItemException) e).reason()).isEqualTo(reason));
    if (field != null) {
      assertion.satisfies(e -> assertThat(((MalformedDataItemException) e).field())
          .isEqualTo(field)).hasMessageStartingWith(field + ": ");
    }
    return assertion;
  }

  private static byte[] slice(byte[] bytes, int length) {
    return java.util.Arrays.copyOf(bytes, length);
  }
}
