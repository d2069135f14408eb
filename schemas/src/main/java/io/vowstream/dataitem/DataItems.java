package io.vowstream.dataitem;

import io.vowstream.dataitem.VerificationResult.Failure;
import io.vowstream.dataitem.VerificationResult.Invalid;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.security.MessageDigest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Identity, signature data, signing, verification and tag look-up for the Avro {@link DataItem}.
 */
public final class DataItems {
  private DataItems() {}

  /** The raw id: SHA-256 of the signature. */
  public static byte[] rawId(DataItem item) {
    return sha256(Bytes.of(item.getSignature()));
  }

  /** The id: base64url (no padding) of SHA-256 of the signature; 43 characters. */
  public static String id(DataItem item) {
    return Base64Url.encode(rawId(item));
  }

  /**
   * The owner address of the item's signer.
   *
   * @throws IllegalArgumentException when the signature type is unsupported or the owner has the
   *     wrong length for it
   */
  public static String ownerAddress(DataItem item) {
    return ownerAddress(SignatureType.of(item.getSignatureType()), Bytes.of(item.getOwner()));
  }

  /**
   * The address of an owner key: base64url(SHA-256(owner)) for Arweave and Ed25519 keys, the
   * EIP-55 checksummed {@code 0x…} address (last 20 bytes of Keccak-256(X || Y)) for Ethereum.
   *
   * @throws IllegalArgumentException when the owner has the wrong length for the type
   */
  public static String ownerAddress(SignatureType type, byte[] owner) {
    if (owner.length != type.ownerLength()) {
      throw new IllegalArgumentException("a " + type + " owner key has " + type.ownerLength()
          + " bytes, this one has " + owner.length);
    }
    return switch (type) {
      case ARWEAVE, ED25519 -> Base64Url.encode(sha256(owner));
      case ETHEREUM -> Ethereum.address(owner);
    };
  }

  /**
   * The 48-byte message the signature covers: the deep hash of {@code ["dataitem", "1",
   * signatureType, owner, target or empty, anchor or empty, tag bytes, data]}.
   *
   * @throws MalformedDataItemException when the tags break the ANS-104 limits
   */
  public static byte[] signatureData(DataItem item) {
    return signatureData(item.getSignatureType(), Bytes.of(item.getOwner()),
        Bytes.ofNullable(item.getTarget()), Bytes.ofNullable(item.getAnchor()), item.getTags(),
        Bytes.of(item.getData()));
  }

  private static byte[] signatureData(int signatureType, byte[] owner, byte @Nullable [] target,
      byte @Nullable [] anchor, List<Tag> tags, byte[] data) {
    MessageDigest md = DeepHash.digest();
    return signatureData(md, afterOwner(md, signatureType, owner), target, anchor,
        TagCodec.encode(tags), data);
  }

  // The signature data is the deep hash of an 8-item list, a left fold over its children. The
  // fold up to "1" is the same for every item, and up to the owner the same for every item of one
  // key, so a PreparedSigner keeps it; only tags and data are hashed per item.
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] ITEM_HEAD;
  private static final byte[] EMPTY_BLOB;

  static {
    MessageDigest md = DeepHash.digest();
    byte[] acc = DeepHash.listHead(md, 8);
    acc = DeepHash.fold(md, acc, DeepHash.blob(md, ascii("dataitem")));
    ITEM_HEAD = DeepHash.fold(md, acc, DeepHash.blob(md, ascii("1")));
    EMPTY_BLOB = DeepHash.blob(md, EMPTY);
  }

  /** The fold of the signature data through the signature type and the owner. */
  static byte[] afterOwner(MessageDigest md, int signatureType, byte[] owner) {
    byte[] acc =
        DeepHash.fold(md, ITEM_HEAD, DeepHash.blob(md, ascii(Integer.toString(signatureType))));
    return DeepHash.fold(md, acc, DeepHash.blob(md, owner));
  }

  /**
   * The saved folds of one owner: through the owner, and further through an empty target and an
   * empty anchor (the common case: assignments have neither).
   */
  record OwnerFold(byte[] afterOwner, byte[] afterBare) {
    static OwnerFold of(int signatureType, byte[] owner) {
      MessageDigest md = DeepHash.digest();
      byte[] afterOwner = DataItems.afterOwner(md, signatureType, owner);
      return new OwnerFold(afterOwner,
          DeepHash.fold(md, DeepHash.fold(md, afterOwner, EMPTY_BLOB), EMPTY_BLOB));
    }
  }

  /** The signature data from the fold through the owner. */
  static byte[] signatureData(MessageDigest md, byte[] afterOwner, byte @Nullable [] target,
      byte @Nullable [] anchor, byte[] tagBlock, byte[] data) {
    byte[] acc = DeepHash.fold(md, afterOwner, blobOrEmpty(md, target));
    acc = DeepHash.fold(md, acc, blobOrEmpty(md, anchor));
    return finish(md, acc, tagBlock, data);
  }

  /** The signature data from the fold through the anchor: the tag block and the data. */
  static byte[] finish(MessageDigest md, byte[] afterAnchor, byte[] tagBlock, byte[] data) {
    byte[] acc = DeepHash.fold(md, afterAnchor,
        tagBlock.length == 0 ? EMPTY_BLOB : DeepHash.blob(md, tagBlock));
    return DeepHash.fold(md, acc, data.length == 0 ? EMPTY_BLOB : DeepHash.blob(md, data));
  }

  private static byte[] blobOrEmpty(MessageDigest md, byte @Nullable [] bytes) {
    return bytes == null || bytes.length == 0 ? EMPTY_BLOB : DeepHash.blob(md, bytes);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Builds and signs an item.
   *
   * @param target the 32-byte target (a process id), or null
   * @param anchor up to 32 bytes, or null; use exactly 32 if the item must have a binary form
   * @throws MalformedDataItemException when the target, anchor or tags break the ANS-104 rules
   * @throws IllegalStateException when the signer returns a key or signature of the wrong length
   */
  public static DataItem sign(Signer signer, byte @Nullable [] target, byte @Nullable [] anchor,
      List<Tag> tags, byte[] data) {
    SignatureType type = signer.type();
    byte[] owner = signer.publicKey();
    checkOwner(type, owner);
    return sign(signer, type, owner, null, target, anchor, tags, data);
  }

  static void checkOwner(SignatureType type, byte[] owner) {
    if (owner.length != type.ownerLength()) {
      throw new IllegalStateException("the signer returned a " + owner.length + "-byte "
          + type + " public key; " + type.ownerLength() + " bytes are required");
    }
  }

  /**
   * Signs with a known owner; {@code fold} is its saved fold, or null to compute it. Both paths
   * hash the same bytes, so the item is the same.
   */
  static DataItem sign(Signer signer, SignatureType type, byte[] owner,
      @Nullable OwnerFold fold, byte @Nullable [] target, byte @Nullable [] anchor,
      List<Tag> tags, byte[] data) {
    Ans104.checkTargetAndAnchor(target == null ? -1 : target.length,
        anchor == null ? -1 : anchor.length);
    // One copy of the caller's tags: it is hashed and then owned by the record.
    List<Tag> copied = new ArrayList<>(tags.size());
    for (Tag t : tags) {
      copied.add(new Tag(t.getName(), t.getValue()));
    }
    byte[] tagBlock = TagCodec.encode(copied);
    MessageDigest md = DeepHash.digest();
    byte[] message;
    if (fold == null) {
      message = signatureData(md, afterOwner(md, type.code(), owner), target, anchor, tagBlock,
          data);
    } else if ((target == null || target.length == 0) && (anchor == null || anchor.length == 0)) {
      message = finish(md, fold.afterBare(), tagBlock, data);
    } else {
      message = signatureData(md, fold.afterOwner(), target, anchor, tagBlock, data);
    }
    byte[] signature = signer.sign(message);
    if (signature.length != type.signatureLength()) {
      throw new IllegalStateException("the signer returned a " + signature.length + "-byte "
          + type + " signature; " + type.signatureLength() + " bytes are required");
    }
    return DataItem.newBuilder()
        .setSignatureType(type.code())
        .setSignature(ByteBuffer.wrap(signature))
        .setOwner(Bytes.wrap(owner))
        .setTarget(Bytes.wrapNullable(target))
        .setAnchor(Bytes.wrapNullable(anchor))
        .setTags(copied)
        .setData(Bytes.wrap(data))
        .build();
  }

  /**
   * Checks the item's structure and its signature. Never throws for a bad item: every problem
   * is an {@link Invalid} result with a reason code.
   */
  public static VerificationResult verify(DataItem item) {
    Optional<SignatureType> type = SignatureType.fromCode(item.getSignatureType());
    if (type.isEmpty()) {
      return new Invalid(Failure.UNSUPPORTED_SIGNATURE_TYPE,
          SignatureType.unsupportedMessage(item.getSignatureType()));
    }
    byte[] message;
    try {
      Ans104.checkTargetAndAnchor(
          item.getTarget() == null ? -1 : item.getTarget().remaining(),
          item.getAnchor() == null ? -1 : item.getAnchor().remaining());
      message = signatureData(item);
    } catch (MalformedDataItemException e) {
      return new Invalid(Failure.MALFORMED_ITEM, e.getMessage());
    }
    return SignatureChecks.check(
        type.get(), Bytes.of(item.getOwner()), message, Bytes.of(item.getSignature()));
  }

  /**
   * Verifies the item and returns it.
   *
   * @throws SignatureVerificationException carrying the failure when it does not verify
   */
  public static DataItem requireValid(DataItem item) {
    verify(item).orThrow();
    return item;
  }

  /** The value of the first tag called {@code name} (case-sensitive), if any. */
  public static Optional<String> tag(DataItem item, String name) {
    for (Tag tag : item.getTags()) {
      if (tag.getName().equals(name)) {
        return Optional.of(tag.getValue());
      }
    }
    return Optional.empty();
  }

  /** The values of all tags called {@code name} (case-sensitive), in order. */
  public static List<String> tagValues(DataItem item, String name) {
    return item.getTags().stream()
        .filter(tag -> tag.getName().equals(name))
        .map(Tag::getValue)
        .toList();
  }

  /** Whether some tag is called {@code name} and has exactly {@code value}. */
  public static boolean hasTag(DataItem item, String name, String value) {
    return item.getTags().stream()
        .anyMatch(tag -> tag.getName().equals(name) && tag.getValue().equals(value));
  }

  /** The target as base64url text (a process id), if present. */
  public static Optional<String> targetId(DataItem item) {
    return Optional.ofNullable(item.getTarget()).map(t -> Base64Url.encode(Bytes.of(t)));
  }


  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(() -> DeepHash.newDigest("SHA-256"));

  static byte[] sha256(byte[] bytes) {
    MessageDigest md = SHA256.get();
    md.reset();
    return md.digest(bytes);
  }
}
