package io.vowstream.dataitem;

import io.vowstream.dataitem.VerificationResult.Failure;
import io.vowstream.dataitem.VerificationResult.Invalid;
import io.vowstream.dataitem.VerificationResult.Valid;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Verification of the three signature schemes over an item's signature data. */
final class SignatureChecks {
  private static final VerificationResult VALID = new Valid();
  private static final int SHA256_LENGTH = 32;

  private SignatureChecks() {}

  static VerificationResult check(
      SignatureType type, byte[] owner, byte[] message, byte[] signature) {
    if (signature.length != type.signatureLength()) {
      return new Invalid(Failure.MALFORMED_SIGNATURE, "a " + type + " signature has "
          + type.signatureLength() + " bytes, this one has " + signature.length);
    }
    if (owner.length != type.ownerLength()) {
      return new Invalid(Failure.INVALID_OWNER_KEY, "a " + type + " owner key has "
          + type.ownerLength() + " bytes, this one has " + owner.length);
    }
    return switch (type) {
      case ARWEAVE -> rsaPss(owner, message, signature);
      case ED25519 -> ed25519(owner, message, signature);
      case ETHEREUM -> ethereum(owner, message, signature);
    };
  }

  /**
   * RSASSA-PSS verification (RFC 8017 §8.1.2, §9.1.2) done by hand so that any salt length is
   * accepted: Arweave's browser signer uses 32 bytes, its Node signer the maximum, and the salt
   * length is recovered from the padding instead of guessed.
   */
  static VerificationResult rsaPss(byte[] owner, byte[] message, byte[] signature) {
    BigInteger n = new BigInteger(1, owner);
    BigInteger s = new BigInteger(1, signature);
    if (n.bitLength() < 1024 || !n.testBit(0)) {
      return new Invalid(Failure.INVALID_OWNER_KEY, "the owner is not an RSA modulus");
    }
    if (s.compareTo(n) >= 0) {
      return new Invalid(Failure.MALFORMED_SIGNATURE,
          "the RSA signature is not smaller than the modulus");
    }
    int emBits = n.bitLength() - 1;
    int emLength = (emBits + 7) / 8;
    byte[] em = RsaSigningKey.unsigned(s.modPow(RsaSigningKey.PUBLIC_EXPONENT, n), emLength);
    byte[] mHash = sha256(message);
    if (emLength < SHA256_LENGTH + 2 || (em[emLength - 1] & 0xFF) != 0xBC) {
      return mismatch("RSA-PSS");
    }
    int dbLength = emLength - SHA256_LENGTH - 1;
    byte[] maskedDb = Arrays.copyOfRange(em, 0, dbLength);
    byte[] h = Arrays.copyOfRange(em, dbLength, dbLength + SHA256_LENGTH);
    int unusedBits = 8 * emLength - emBits;
    int topMask = 0xFF >>> unusedBits;
    if ((maskedDb[0] & ~topMask & 0xFF) != 0) {
      return mismatch("RSA-PSS");
    }
    byte[] mask = mgf1(h, dbLength);
    byte[] db = new byte[dbLength];
    for (int i = 0; i < dbLength; i++) {
      db[i] = (byte) (maskedDb[i] ^ mask[i]);
    }
    db[0] &= (byte) topMask;
    int separator = 0;
    while (separator < dbLength && db[separator] == 0) {
      separator++;
    }
    if (separator == dbLength || db[separator] != 0x01) {
      return mismatch("RSA-PSS");
    }
    byte[] salt = Arrays.copyOfRange(db, separator + 1, dbLength);
    byte[] mPrime = new byte[8 + SHA256_LENGTH + salt.length];
    System.arraycopy(mHash, 0, mPrime, 8, SHA256_LENGTH);
    System.arraycopy(salt, 0, mPrime, 8 + SHA256_LENGTH, salt.length);
    return MessageDigest.isEqual(h, sha256(mPrime)) ? VALID : mismatch("RSA-PSS");
  }

  /**
   * Pure Ed25519 (RFC 8032 §5.1.7) with Bouncy Castle: S must be below the group order and R and
   * the owner canonical encodings, as the JDK provider requires. The owner must also not be a
   * point of small order; no key pair produces one, and such a key lets anyone forge signatures.
   */
  static VerificationResult ed25519(byte[] owner, byte[] message, byte[] signature) {
    Ed25519.PublicPoint key = Ed25519.validatePublicKeyPartialExport(owner, 0);
    if (key == null) {
      return new Invalid(Failure.INVALID_OWNER_KEY, "the owner is not an Ed25519 public key: "
          + "it is not the canonical encoding of a curve point, or the point has small order");
    }
    return Ed25519.verify(signature, 0, key, message, 0, message.length)
        ? VALID : mismatch("Ed25519");
  }

  /**
   * Ethereum personal-sign: the key recovered from (r, s, v) must be the owner, as in {@code
   * ecrecover}. {@code v} may be 27/28 or 0/1; high-s signatures are refused because flipping s
   * would give the same item a second id.
   */
  static VerificationResult ethereum(byte[] owner, byte[] message, byte[] signature) {
    ECPoint ownerPoint = Ethereum.decodeOwner(owner);
    if (ownerPoint == null) {
      return new Invalid(Failure.INVALID_OWNER_KEY,
          "the owner is not an uncompressed secp256k1 point (0x04 || X || Y on the curve)");
    }
    int v = signature[64] & 0xFF;
    int recoveryId = v >= 27 ? v - 27 : v;
    if (recoveryId != 0 && recoveryId != 1) {
      return new Invalid(Failure.MALFORMED_SIGNATURE,
          "the Ethereum recovery byte v must be 27 or 28 (or 0 or 1), found " + v);
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    BigInteger order = Ethereum.CURVE.getN();
    if (r.signum() == 0 || r.compareTo(order) >= 0 || s.signum() == 0 || s.compareTo(order) >= 0) {
      return new Invalid(Failure.MALFORMED_SIGNATURE,
          "the Ethereum signature's r and s must lie between 1 and the group order minus 1");
    }
    if (s.compareTo(Ethereum.HALF_N) > 0) {
      return new Invalid(Failure.NON_CANONICAL_SIGNATURE,
          "the Ethereum signature has a high s; only low-s signatures (EIP-2) are accepted");
    }
    ECPoint recovered = Ethereum.recover(recoveryId, r, s, Ethereum.personalMessageHash(message));
    return recovered != null && recovered.equals(ownerPoint) ? VALID : mismatch("Ethereum");
  }

  private static VerificationResult mismatch(String scheme) {
    return new Invalid(Failure.SIGNATURE_MISMATCH,
        "the " + scheme + " signature does not match the owner key and the signed fields");
  }

  private static byte[] mgf1(byte[] seed, int length) {
    byte[] out = new byte[length];
    byte[] counter = new byte[4];
    int filled = 0;
    for (int i = 0; filled < length; i++) {
      counter[0] = (byte) (i >>> 24);
      counter[1] = (byte) (i >>> 16);
      counter[2] = (byte) (i >>> 8);
      counter[3] = (byte) i;
      byte[] block = sha256(seed, counter);
      int take = Math.min(block.length, length - filled);
      System.arraycopy(block, 0, out, filled, take);
      filled += take;
    }
    return out;
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
