package io.vowstream.dataitem;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** Ed25519 with the JDK provider; Bouncy Castle only derives the raw public key from the seed. */
final class Ed25519SigningKey implements SigningKey {
  static final int SEED_LENGTH = 32;
  // DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (OID 1.3.101.112), before the key.
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final byte[] seed;
  private final byte[] publicKey;
  private final PrivateKey privateKey;

  Ed25519SigningKey(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 private seed has 32 bytes, this one has " + seed.length);
    }
    this.seed = seed.clone();
    this.publicKey = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    try {
      this.privateKey = KeyFactory.getInstance("Ed25519")
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, this.seed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot load an Ed25519 private key", e);
    }
  }

  static Ed25519SigningKey generate(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return new Ed25519SigningKey(seed);
  }

  byte[] seed() {
    return seed.clone();
  }

  @Override
  public SignatureType type() {
    return SignatureType.ED25519;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(privateKey);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** The JDK public key for a raw 32-byte Ed25519 key. */
  static PublicKey publicKeyOf(byte[] raw) throws GeneralSecurityException {
    byte[] encoded = new byte[X509_PREFIX.length + raw.length];
    System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
    System.arraycopy(raw, 0, encoded, X509_PREFIX.length, raw.length);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
  }

  @Override
  public String toString() {
    return "SigningKey[ED25519 " + address() + "]";
  }
}
