package io.vowstream.dataitem;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** Arweave RSA-4096 signing: RSASSA-PSS, SHA-256, MGF1-SHA-256, 32-byte salt. */
final class RsaSigningKey implements SigningKey {
  static final int MODULUS_BITS = 4096;
  static final BigInteger PUBLIC_EXPONENT = RSAKeyGenParameterSpec.F4;
  static final int SALT_LENGTH = 32;

  private final RSAPrivateCrtKey key;
  private final byte[] owner;

  RsaSigningKey(RSAPrivateCrtKey key) {
    if (key.getModulus().bitLength() != MODULUS_BITS) {
      throw new IllegalArgumentException("an Arweave RSA key has a " + MODULUS_BITS
          + "-bit modulus, this one has " + key.getModulus().bitLength() + " bits");
    }
    if (!PUBLIC_EXPONENT.equals(key.getPublicExponent())) {
      throw new IllegalArgumentException("an Arweave RSA key has public exponent 65537, this"
          + " one has " + key.getPublicExponent());
    }
    this.key = key;
    this.owner = unsigned(key.getModulus(), MODULUS_BITS / 8);
  }

  static RsaSigningKey generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new RSAKeyGenParameterSpec(MODULUS_BITS, PUBLIC_EXPONENT), random);
      return new RsaSigningKey((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation failed", e);
    }
  }

  RSAPrivateCrtKey key() {
    return key;
  }

  @Override
  public SignatureType type() {
    return SignatureType.ARWEAVE;
  }

  @Override
  public byte[] publicKey() {
    return owner.clone();
  }

  @Override
  public byte[] sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance("RSASSA-PSS");
      signature.setParameter(new PSSParameterSpec(
          "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, SALT_LENGTH, PSSParameterSpec.TRAILER_FIELD_BC));
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA-PSS signing failed", e);
    }
  }

  /** Big-endian, unsigned, left-padded to exactly {@code length} bytes. */
  static byte[] unsigned(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    if (raw.length == length) {
      return raw;
    }
    byte[] out = new byte[length];
    if (raw.length > length) {
      // Only a sign byte may be dropped.
      System.arraycopy(raw, raw.length - length, out, 0, length);
    } else {
      System.arraycopy(raw, 0, out, length - raw.length, raw.length);
    }
    return out;
  }

  @Override
  public String toString() {
    return "SigningKey[ARWEAVE " + address() + "]";
  }
}
