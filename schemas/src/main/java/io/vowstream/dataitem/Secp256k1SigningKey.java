package io.vowstream.dataitem;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Ethereum personal-sign with secp256k1: RFC 6979 nonces, low-s, and {@code v = 27 + recovery id}.
 */
final class Secp256k1SigningKey implements SigningKey {
  private final BigInteger d;
  private final ECPoint publicPoint;
  private final byte[] owner;

  Secp256k1SigningKey(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(Ethereum.CURVE.getN()) >= 0) {
      throw new IllegalArgumentException(
          "a secp256k1 private key must be between 1 and the group order minus 1");
    }
    this.d = d;
    this.publicPoint = Ethereum.CURVE.getG().multiply(d).normalize();
    this.owner = Ethereum.uncompressed(publicPoint);
  }

  static Secp256k1SigningKey generate(SecureRandom random) {
    BigInteger n = Ethereum.CURVE.getN();
    while (true) {
      BigInteger candidate = new BigInteger(n.bitLength(), random);
      if (candidate.signum() > 0 && candidate.compareTo(n) < 0) {
        return new Secp256k1SigningKey(candidate);
      }
    }
  }

  BigInteger privateScalar() {
    return d;
  }

  @Override
  public SignatureType type() {
    return SignatureType.ETHEREUM;
  }

  @Override
  public byte[] publicKey() {
    return owner.clone();
  }

  @Override
  public byte[] sign(byte[] message) {
    byte[] hash = Ethereum.personalMessageHash(message);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, Ethereum.DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash);
    BigInteger r = rs[0];
    BigInteger s = rs[1];
    if (s.compareTo(Ethereum.HALF_N) > 0) {
      // Low-s (EIP-2): the other half of each (r, s) pair would give a second id for one item.
      s = Ethereum.CURVE.getN().subtract(s);
    }
    for (int recoveryId = 0; recoveryId < 2; recoveryId++) {
      ECPoint recovered = Ethereum.recover(recoveryId, r, s, hash);
      if (recovered != null && recovered.equals(publicPoint)) {
        byte[] out = Arrays.copyOf(RsaSigningKey.unsigned(r, 32), 65);
        System.arraycopy(RsaSigningKey.unsigned(s, 32), 0, out, 32, 32);
        out[64] = (byte) (27 + recoveryId);
        return out;
      }
    }
    throw new IllegalStateException("no recovery id reproduces the signing key");
  }

  @Override
  public String toString() {
    return "SigningKey[ETHEREUM " + address() + "]";
  }
}
