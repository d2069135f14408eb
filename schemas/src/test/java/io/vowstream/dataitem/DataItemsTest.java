package io.vowstream.dataitem;

import static io.vowstream.dataitem.TestKeys.filled;
import static io.vowstream.dataitem.TestKeys.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.dataitem.VerificationResult.Failure;
import io.vowstream.dataitem.VerificationResult.Invalid;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DataItemsTest {
  private static final byte[] TARGET = filled(32, 0x11);
  private static final byte[] ANCHOR = filled(32, 0x22);
  private static final List<Tag> TAGS =
      tags("Data-Protocol", "ao", "Type", "Message", "Action", "Eval", "Action", "Again");
  private static final byte[] DATA = "1 + 1".getBytes(StandardCharsets.UTF_8);

  private static DataItem signed(SignatureType type) {
    return DataItems.sign(TestKeys.of(type), TARGET, ANCHOR, TAGS, DATA);
  }

  @Test
  void idIsBase64UrlOfSha256OfTheSignature() throws Exception {
    DataItem item = signed(SignatureType.ED25519);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(bytes(item.getSignature()));
    assertThat(DataItems.rawId(item)).isEqualTo(expected);
    assertThat(DataItems.id(item)).isEqualTo(Base64Url.encode(expected)).hasSize(43)
        .doesNotContain("=", "+", "/");
  }

  @Test
  void ownerAddressOfRsaAndEd25519KeysIsTheHashOfTheOwner() throws Exception {
    for (SignatureType type : List.of(SignatureType.ARWEAVE, SignatureType.ED25519)) {
      DataItem item = signed(type);
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes(item.getOwner()));
      assertThat(DataItems.ownerAddress(item)).isEqualTo(Base64Url.encode(hash)).hasSize(43);
      assertThat(TestKeys.of(type).address()).isEqualTo(DataItems.ownerAddress(item));
    }
  }

  @Test
  void ownerAddressOfAnEthereumKeyIsItsEip55Address() {
    // The key is the well-known web3.js documentation example; ethers' computeAddress agrees.
    assertThat(DataItems.ownerAddress(signed(SignatureType.ETHEREUM)))
        .isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
  }

  @Test
  void ownerAddressChecksTheOwnerLength() {
    assertThatThrownBy(() -> DataItems.ownerAddress(SignatureType.ETHEREUM, new byte[64]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ETHEREUM owner key has 65 bytes, this one has 64");
    DataItem unknown = DataItem.newBuilder(signed(SignatureType.ED25519)).setSignatureType(9)
        .build();
    assertThatThrownBy(() -> DataItems.ownerAddress(unknown))
        .hasMessageContaining("signature type 9 is not supported");
  }

  @Test
  void signatureDataIsTheDeepHashOfTheDocumentedList() {
    DataItem item = signed(SignatureType.ED25519);
    byte[] expected = DeepHash.hash(DeepHash.list(
        DeepHash.blob("dataitem"), DeepHash.blob("1"), DeepHash.blob("2"),
        DeepHash.blob(bytes(item.getOwner())), DeepHash.blob(TARGET), DeepHash.blob(ANCHOR),
        DeepHash.blob(Ans104.tagBytes(TAGS)), DeepHash.blob(DATA)));
    assertThat(DataItems.signatureData(item)).isEqualTo(expected).hasSize(48);
  }

  @Test
  void absentTargetAndAnchorAreSignedAsEmptyBlobs() {
    DataItem item = DataItems.sign(TestKeys.ED25519, null, null, List.of(), new byte[0]);
    byte[] expected = DeepHash.hash(DeepHash.list(
        DeepHash.blob("dataitem"), DeepHash.blob("1"), DeepHash.blob("2"),
        DeepHash.blob(TestKeys.ED25519.publicKey()), DeepHash.blob(new byte[0]),
        DeepHash.blob(new byte[0]), DeepHash.blob(new byte[0]), DeepHash.blob(new byte[0])));
    assertThat(DataItems.signatureData(item)).isEqualTo(expected);
    assertThat(item.getTarget()).isNull();
    assertThat(item.getAnchor()).isNull();
    assertThat(DataItems.verify(item).isValid()).isTrue();
  }

  @Test
  void ed25519SigningMatchesRfc8032() {
    // RFC 8032 §7.1 test 1: this seed's public key, and its signature of the empty message.
    assertThat(HexFormat.of().formatHex(TestKeys.ED25519.publicKey()))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assertThat(HexFormat.of().formatHex(TestKeys.ED25519.sign(new byte[0]))).isEqualTo(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  }

  @ParameterizedTest
  @EnumSource(SignatureType.class)
  void signedItemsVerify(SignatureType type) {
    DataItem item = signed(type);
    assertThat(item.getSignatureType()).isEqualTo(type.code());
    assertThat(item.getSignature().remaining()).isEqualTo(type.signatureLength());
    assertThat(item.getOwner().remaining()).isEqualTo(type.ownerLength());
    assertThat(DataItems.verify(item)).isEqualTo(new VerificationResult.Valid());
    assertThat(DataItems.requireValid(item)).isSameAs(item);
    // The binary form verifies too.
    assertThat(DataItems.verify(Ans104.decode(Ans104.encode(item))).isValid()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(SignatureType.class)
  void tamperingWithAnySignedFieldBreaksTheSignature(SignatureType type) {
    DataItem item = signed(type);
    assertMismatch(type, "signature", item, b -> b.setSignature(flip(b.getSignature(), 10)));
    assertMismatch(type, "data", item, b -> b.setData(flip(b.getData(), 0)));
    assertMismatch(type, "empty data", item, b -> b.setData(ByteBuffer.allocate(0)));
    assertMismatch(type, "target", item, b -> b.setTarget(flip(b.getTarget(), 31)));
    assertMismatch(type, "no target", item, b -> b.setTarget(null));
    assertMismatch(type, "anchor", item, b -> b.setAnchor(flip(b.getAnchor(), 0)));
    assertMismatch(type, "no anchor", item, b -> b.setAnchor(null));
    for (int i = 0; i < TAGS.size(); i++) {
      int index = i;
      assertMismatch(type, "tag name " + i, item, b -> b.setTags(withTag(index,
          new Tag(TAGS.get(index).getName() + "x", TAGS.get(index).getValue()))));
      assertMismatch(type, "tag value " + i, item, b -> b.setTags(withTag(index,
          new Tag(TAGS.get(index).getName(), TAGS.get(index).getValue() + "x"))));
    }
    List<Tag> reordered = new ArrayList<>(TAGS);
    java.util.Collections.swap(reordered, 2, 3);
    assertMismatch(type, "tag order", item, b -> b.setTags(reordered));
    assertMismatch(type, "dropped tag", item, b -> b.setTags(TAGS.subList(0, 3)));
  }

  @ParameterizedTest
  @EnumSource(SignatureType.class)
  void anotherOwnerKeyFailsVerification(SignatureType type) {
    DataItem item = signed(type);
    SigningKey other = switch (type) {
      case ARWEAVE -> TestKeys.RSA;
      case ED25519 -> Signer.ed25519(filled(32, 9));
      case ETHEREUM -> Signer.ethereum(java.math.BigInteger.valueOf(12345));
    };
    if (type == SignatureType.ARWEAVE) {
      // Only one RSA test key exists: change one byte of the modulus instead.
      DataItem tampered = DataItem.newBuilder(item).setOwner(flip(item.getOwner(), 100)).build();
      assertThat(DataItems.verify(tampered)).isInstanceOfSatisfying(Invalid.class,
          invalid -> assertThat(invalid.failure()).isEqualTo(Failure.SIGNATURE_MISMATCH));
      return;
    }
    DataItem tampered = DataItem.newBuilder(item).setOwner(ByteBuffer.wrap(other.publicKey()))
        .build();
    assertThat(DataItems.verify(tampered)).isInstanceOfSatisfying(Invalid.class,
        invalid -> assertThat(invalid.failure()).isEqualTo(Failure.SIGNATURE_MISMATCH));
  }

  @Test
  void verificationNamesStructuralProblems() {
    DataItem item = signed(SignatureType.ED25519);
    assertFailure(DataItem.newBuilder(item).setSignatureType(4).build(),
        Failure.UNSUPPORTED_SIGNATURE_TYPE, "signature type 4 is not supported");
    assertFailure(DataItem.newBuilder(item).setTarget(ByteBuffer.wrap(new byte[5])).build(),
        Failure.MALFORMED_ITEM, "target: must be 32 bytes");
    assertFailure(DataItem.newBuilder(item).setAnchor(ByteBuffer.wrap(new byte[33])).build(),
        Failure.MALFORMED_ITEM, "anchor: must be at most 32 bytes");
    assertFailure(DataItem.newBuilder(item).setTags(tags("", "x")).build(),
        Failure.MALFORMED_ITEM, "tags[0].name");
    assertFailure(DataItem.newBuilder(item).setSignature(ByteBuffer.wrap(new byte[63])).build(),
        Failure.MALFORMED_SIGNATURE, "ED25519 signature has 64 bytes, this one has 63");
    assertFailure(DataItem.newBuilder(item).setOwner(ByteBuffer.wrap(new byte[31])).build(),
        Failure.INVALID_OWNER_KEY, "ED25519 owner key has 32 bytes, this one has 31");
  }

  @Test
  void requireValidThrowsATypedFailure() {
    DataItem item = signed(SignatureType.ED25519);
    DataItem tampered = DataItem.newBuilder(item).setData(ByteBuffer.wrap(new byte[] {1}))
        .build();
    assertThatThrownBy(() -> DataItems.requireValid(tampered))
        .isInstanceOfSatisfying(SignatureVerificationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.SIGNATURE_MISMATCH))
        .hasMessageContaining("Ed25519 signature does not match");
  }

  @Test
  void shortAnchorsAreSignableInAvroButNotEncodable() {
    DataItem item = DataItems.sign(TestKeys.ED25519, null, filled(5, 1), List.of(), DATA);
    assertThat(DataItems.verify(item).isValid()).isTrue();
    assertThatThrownBy(() -> Ans104.encode(item))
        .isInstanceOf(MalformedDataItemException.class)
        .hasMessageContaining("exactly 32 bytes");
  }

  @Test
  void signingRejectsBadFieldsBeforeSigning() {
    assertThatThrownBy(() -> DataItems.sign(TestKeys.ED25519, new byte[31], null, List.of(), DATA))
        .isInstanceOfSatisfying(MalformedDataItemException.class,
            e -> assertThat(e.reason()).isEqualTo(MalformedDataItemException.Reason.TARGET_LENGTH));
    assertThatThrownBy(() -> DataItems.sign(TestKeys.ED25519, null, new byte[33], List.of(), DATA))
        .isInstanceOfSatisfying(MalformedDataItemException.class,
            e -> assertThat(e.reason()).isEqualTo(MalformedDataItemException.Reason.ANCHOR_LENGTH));
    assertThatThrownBy(() -> DataItems.sign(TestKeys.ED25519, null, null, tags("", "v"), DATA))
        .isInstanceOfSatisfying(MalformedDataItemException.class,
            e -> assertThat(e.reason()).isEqualTo(
                MalformedDataItemException.Reason.EMPTY_TAG_NAME));
  }

  @Test
  void signingChecksWhatAForeignSignerReturns() {
    Signer shortKey = new Signer() {
      @Override
      public SignatureType type() {
        return SignatureType.ED25519;
      }

      @Override
      public byte[] publicKey() {
        return new byte[31];
      }

      @Override
      public byte[] sign(byte[] message) {
        return new byte[64];
      }
    };
    assertThatThrownBy(() -> DataItems.sign(shortKey, null, null, List.of(), DATA))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("31-byte ED25519 public key");
    Signer shortSignature = new Signer() {
      @Override
      public SignatureType type() {
        return SignatureType.ED25519;
      }

      @Override
      public byte[] publicKey() {
        return TestKeys.ED25519.publicKey();
      }

      @Override
      public byte[] sign(byte[] message) {
        return new byte[10];
      }
    };
    assertThatThrownBy(() -> DataItems.sign(shortSignature, null, null, List.of(), DATA))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("10-byte ED25519 signature");
  }

  @Test
  void signingCopiesItsInputs() {
    byte[] data = {1, 2, 3};
    byte[] target = filled(32, 1);
    List<Tag> tags = new ArrayList<>(tags("a", "b"));
    DataItem item = DataItems.sign(TestKeys.ED25519, target, null, tags, data);
    data[0] = 9;
    target[0] = 9;
    tags.get(0).setValue("changed");
    tags.add(new Tag("c", "d"));
    assertThat(DataItems.verify(item).isValid()).isTrue();
  }

  @Test
  void tagLookups() {
    DataItem item = signed(SignatureType.ED25519);
    assertThat(DataItems.tag(item, "Action")).contains("Eval");
    assertThat(DataItems.tag(item, "action")).isEmpty();
    assertThat(DataItems.tagValues(item, "Action")).containsExactly("Eval", "Again");
    assertThat(DataItems.tagValues(item, "Missing")).isEmpty();
    assertThat(DataItems.hasTag(item, "Type", "Message")).isTrue();
    assertThat(DataItems.hasTag(item, "Type", "Process")).isFalse();
    assertThat(DataItems.targetId(item)).contains(Base64Url.encode(TARGET));
    assertThat(DataItems.targetId(DataItem.newBuilder(item).setTarget(null).build())).isEmpty();
  }

  @Test
  void ed25519SignaturesAreDeterministicAndRsaOnesAreSalted() {
    assertThat(signed(SignatureType.ED25519).getSignature())
        .isEqualTo(signed(SignatureType.ED25519).getSignature());
    assertThat(signed(SignatureType.ETHEREUM).getSignature())
        .isEqualTo(signed(SignatureType.ETHEREUM).getSignature());
    assertThat(signed(SignatureType.ARWEAVE).getSignature())
        .isNotEqualTo(signed(SignatureType.ARWEAVE).getSignature());
  }

  private static void assertMismatch(
      SignatureType type, String what, DataItem item, UnaryOperator<DataItem.Builder> change) {
    DataItem tampered = change.apply(DataItem.newBuilder(item)).build();
    assertThat(DataItems.verify(tampered)).as(type + " with tampered " + what)
        .isInstanceOf(Invalid.class)
        .satisfies(result -> assertThat(((Invalid) result).failure())
            .isEqualTo(Failure.SIGNATURE_MISMATCH));
  }

  private static void assertFailure(DataItem item, Failure failure, String message) {
    assertThat(DataItems.verify(item)).isInstanceOfSatisfying(Invalid.class, invalid -> {
      assertThat(invalid.failure()).isEqualTo(failure);
      assertThat(invalid.message()).contains(message);
    });
  }

  private static List<Tag> withTag(int index, Tag tag) {
    List<Tag> tags = new ArrayList<>(TAGS);
    tags.set(index, tag);
    return tags;
  }

  private static ByteBuffer flip(ByteBuffer buffer, int index) {
    byte[] bytes = bytes(buffer);
    bytes[index] ^= 0x01;
    return ByteBuffer.wrap(bytes);
  }

  static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
