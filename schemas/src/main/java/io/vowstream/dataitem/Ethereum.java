package io.vowstream.dataitem;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.jspecify.annotations.Nullable;

/** secp256k1, Keccak-256, personal-sign hashing, public-key recovery and EIP-55 addresses. */
final class Ethereum {
  static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
  static final BigInteger HALF_N = CURVE.getN().shiftRight(1);

  private Ethereum() {}

  static byte[] keccak256(byte[]... parts) {
    KeccakDigest digest = new KeccakDigest(256);
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  /** The EIP-191 personal-sign hash: Keccak-256 of the prefix, the decimal length and the bytes. */
  static byte[] personalMessageHash(byte[] message) {
    byte[] prefix = ("\u0019Ethereum Signed Message:\n" + message.length)
        .getBytes(StandardCharsets.UTF_8);
    return keccak256(prefix, message);
  }

  /** The uncompressed 65-byte encoding {@code 0x04 || X || Y}. */
  static byte[] uncompressed(ECPoint point) {
    return point.normalize().getEncoded(false);
  }

  /**
   * Decodes an owner key; returns null when it is not an uncompressed point on the curve.
   */
  static @Nullable ECPoint decodeOwner(byte[] owner) {
    if (owner.length != 65 || owner[0] != 0x04) {
      return null;
    }
    try {
      ECPoint point = CURVE.getCurve().decodePoint(owner);
      return point.isValid() && !point.isInfinity() ? point : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * SEC 1 §4.1.6 public-key recovery for recovery id 0 or 1; null when no key fits. For secp256k1
   * the x coordinate r + n would exceed the field, so ids 2 and 3 never occur in practice.
   */
  static @Nullable ECPoint recover(int recoveryId, BigInteger r, BigInteger s, byte[] hash) {
    BigInteger n = CURVE.getN();
    BigInteger prime = CURVE.getCurve().getField().getCharacteristic();
    if (r.signum() <= 0 || r.compareTo(n) >= 0 || s.signum() <= 0 || s.compareTo(n) >= 0
        || r.compareTo(prime) >= 0) {
      return null;
    }
    byte[] compressed = new byte[33];
    compressed[0] = (byte) (recoveryId == 0 ? 0x02 : 0x03);
    byte[] x = RsaSigningKey.unsigned(r, 32);
    System.arraycopy(x, 0, compressed, 1, 32);
    ECPoint bigR;
    try {
      bigR = CURVE.getCurve().decodePoint(compressed);
    } catch (IllegalArgumentException e) {
      return null;
    }
    BigInteger e = new BigInteger(1, hash);
    BigInteger rInverse = r.modInverse(n);
    // Q = r^-1 (sR - eG)
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(
        CURVE.getG(), rInverse.multiply(e.negate()).mod(n), bigR, rInverse.multiply(s).mod(n));
    q = q.normalize();
    return q.isInfinity() ? null : q;
  }

  /** The EIP-55 mixed-case checksummed address of a 65-byte owner key. */
  static String address(byte[] owner) {
    byte[] hash = keccak256(Arrays.copyOfRange(owner, 1, owner.length));
    return checksum(HexFormat.of().formatHex(Arrays.copyOfRange(hash, 12, 32)));
  }

  /** EIP-55: upper-case each hex letter whose nibble in Keccak-256(lower-case hex) is ≥ 8. */
  static String checksum(String lowerHex) {
    byte[] hash = keccak256(lowerHex.getBytes(StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < lowerHex.length(); i++) {
      char c = lowerHex.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0F;
      out.append(c >= 'a' && c <= 'f' && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
