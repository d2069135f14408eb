package io.vowstream.dataitem;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;

/**
 * Something that signs data items: a key held in memory ({@link SigningKey}) or, for example, a
 * remote signing service.
 *
 * <p>{@link #sign} receives the item's 48-byte signature data (its deep hash) and applies its own
 * scheme: RSA-PSS with SHA-256 for {@link SignatureType#ARWEAVE}, plain Ed25519 for {@link
 * SignatureType#ED25519}, Ethereum personal-sign for {@link SignatureType#ETHEREUM}.
 */
public interface Signer {
  /** The signature type this signer produces. */
  SignatureType type();

  /** The owner field: the public key in the raw form of {@link #type()}. */
  byte[] publicKey();

  /** Signs {@code message} (the signature data); the result has {@code type().signatureLength()}. */
  byte[] sign(byte[] message);

  /** The owner address of items this signer signs (see {@link DataItems#ownerAddress}). */
  default String address() {
    return DataItems.ownerAddress(type(), publicKey());
  }

  /** An Ed25519 key from its 32-byte private seed (RFC 8032). */
  static SigningKey ed25519(byte[] seed) {
    return new Ed25519SigningKey(seed);
  }

  /**
   * An Arweave RSA key: a 4096-bit modulus and public exponent 65537.
   *
   * @throws IllegalArgumentException naming the parameter that does not fit
   */
  static SigningKey rsa(RSAPrivateCrtKey key) {
    return new RsaSigningKey(key);
  }

  /**
   * An Ethereum secp256k1 key from its private scalar (1 ≤ d &lt; n).
   *
   * @throws IllegalArgumentException when the scalar is out of range
   */
  static SigningKey ethereum(BigInteger privateKey) {
    return new Secp256k1SigningKey(privateKey);
  }

  /** A fresh key of the given type drawn from {@code random}. RSA-4096 takes a few seconds. */
  static SigningKey generate(SignatureType type, SecureRandom random) {
    return switch (type) {
      case ARWEAVE -> RsaSigningKey.generate(random);
      case ED25519 -> Ed25519SigningKey.generate(random);
      case ETHEREUM -> Secp256k1SigningKey.generate(random);
    };
  }
}
