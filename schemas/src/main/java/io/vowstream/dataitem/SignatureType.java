package io.vowstream.dataitem;

import java.util.Optional;

/** The ANS-104 signature types Vowstream signs and verifies, with their fixed field lengths. */
public enum SignatureType {
  /** RSA-4096 with PSS padding (SHA-256, MGF1-SHA-256): the Arweave wallet type. */
  ARWEAVE(1, 512, 512),
  /** Ed25519; the owner is the raw 32-byte public key. */
  ED25519(2, 64, 32),
  /**
   * Ethereum personal-sign over secp256k1; the owner is the uncompressed 65-byte key
   * {@code 0x04 || X || Y}, the signature {@code r || s || v}.
   */
  ETHEREUM(3, 65, 65);

  private final int code;
  private final int signatureLength;
  private final int ownerLength;

  SignatureType(int code, int signatureLength, int ownerLength) {
    this.code = code;
    this.signatureLength = signatureLength;
    this.ownerLength = ownerLength;
  }

  /** The number written in the first two bytes of a binary item and in {@code signatureType}. */
  public int code() {
    return code;
  }

  /** Length of the signature field in bytes. */
  public int signatureLength() {
    return signatureLength;
  }

  /** Length of the owner (public key) field in bytes. */
  public int ownerLength() {
    return ownerLength;
  }

  /** The type with this code, or empty for codes Vowstream does not support. */
  public static Optional<SignatureType> fromCode(int code) {
    for (SignatureType type : values()) {
      if (type.code == code) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /**
   * The type with this code.
   *
   * @throws IllegalArgumentException naming the code when it is not supported
   */
  public static SignatureType of(int code) {
    return fromCode(code)
        .orElseThrow(() -> new IllegalArgumentException(unsupportedMessage(code)));
  }

  static String unsupportedMessage(int code) {
    return "signature type " + code + " is not supported (supported: 1 Arweave RSA-4096,"
        + " 2 Ed25519, 3 Ethereum secp256k1)";
  }
}
