package io.vowstream.dataitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.dataitem.VerificationResult.Failure;
import io.vowstream.dataitem.VerificationResult.Invalid;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Bouncy Castle Ed25519 path against the JDK provider, which the dataitem code used before:
 * same signatures, same verdicts on good and damaged input, and the one deliberate difference
 * (small-order owner keys).
 */
class Ed25519CrossCheckTest {
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger L = BigInteger.TWO.pow(252)
      .add(new BigInteger("27742317777372353535851937790883648493"));
  // Fixed seed: a failure names an input that can be reproduced.
  private final SplittableRandom random = new SplittableRandom(0x5EED_2551_9L);

  /** The JDK's verdict: true, false, or "bad key" when it refuses the owner. */
  private enum Jdk { VALID, INVALID, BAD_KEY }

  @Test
  void signaturesAreByteIdenticalToTheJdkProvider() throws Exception {
    for (int i = 0; i < 200; i++) {
      byte[] seed = bytes(32);
      byte[] message = bytes(random.nextInt(0, 300));
      byte[] ours = Signer.ed25519(seed).sign(message);
      assertThat(ours).as("seed %s, message %s", hex(seed), hex(message))
          .isEqualTo(jdkSign(seed, message));
    }
  }

  @Test
  void publicKeysAreTheOnesTheJdkVerifiesWith() throws Exception {
    for (int i = 0; i < 50; i++) {
      byte[] seed = bytes(32);
      byte[] message = bytes(48);
      SigningKey key = Signer.ed25519(seed);
      assertThat(jdkVerify(key.publicKey(), message, jdkSign(seed, message)))
          .as("seed %s", hex(seed)).isEqualTo(Jdk.VALID);
    }
  }

  @Test
  void verdictsAgreeWithTheJdkOnGoodAndDamagedSignatures() throws Exception {
    int valid = 0;
    int invalid = 0;
    for (int i = 0; i < 150; i++) {
      SigningKey key = Signer.ed25519(bytes(32));
      byte[] message = bytes(random.nextInt(0, 200));
      byte[] signature = key.sign(message);
      byte[] owner = key.publicKey();

      byte[] otherMessage = message.length == 0 ? new byte[] {0} : message.clone();
      if (message.length > 0) {
        otherMessage[random.nextInt(message.length)] ^= (byte) (1 << random.nextInt(8));
      }
      byte[] damaged = signature.clone();
      damaged[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
      byte[] otherOwner = Signer.ed25519(bytes(32)).publicKey();

      for (byte[][] c : new byte[][][] {
          {owner, message, signature}, {owner, otherMessage, signature},
          {owner, message, damaged}, {otherOwner, message, signature}}) {
        Jdk expected = jdkVerify(c[0], c[1], c[2]);
        VerificationResult ours = SignatureChecks.check(SignatureType.ED25519, c[0], c[1], c[2]);
        assertThat(verdict(ours)).as("owner %s, message %s, signature %s",
            hex(c[0]), hex(c[1]), hex(c[2])).isEqualTo(expected);
        if (expected == Jdk.VALID) {
          valid++;
        } else {
          invalid++;
        }
      }
    }
    // Both outcomes were exercised: the comparison is not vacuous.
    assertThat(valid).isEqualTo(150);
    assertThat(invalid).isEqualTo(450);
  }

  @Test
  void aScalarAtOrAboveTheGroupOrderIsRefusedByBoth() throws Exception {
    SigningKey key = Signer.ed25519(bytes(32));
    byte[] message = bytes(48);
    byte[] signature = key.sign(message);
    // S + L is the same residue but a second encoding: malleability that both must refuse.
    BigInteger s = littleEndian(Arrays.copyOfRange(signature, 32, 64));
    byte[] malleated = signature.clone();
    System.arraycopy(toLittleEndian(s.add(L)), 0, malleated, 32, 32);

    assertThat(jdkVerify(key.publicKey(), message, malleated)).isEqualTo(Jdk.INVALID);
    assertMismatch(SignatureChecks.check(SignatureType.ED25519, key.publicKey(), message, malleated));
  }

  @Test
  void aNonCanonicalRIsRefusedByBoth() throws Exception {
    SigningKey key = Signer.ed25519(bytes(32));
    byte[] message = bytes(10);
    byte[] signature = key.sign(message);
    byte[] r = toLittleEndian(P.add(BigInteger.ONE)); // y = p + 1 encodes y = 1 a second way
    System.arraycopy(r, 0, signature, 0, 32);

    assertThat(jdkVerify(key.publicKey(), message, signature)).isEqualTo(Jdk.INVALID);
    assertMismatch(SignatureChecks.check(SignatureType.ED25519, key.publicKey(), message, signature));
  }

  @Test
  void ownersThatAreNotCurvePointsAreInvalidKeysForBoth() throws Exception {
    byte[] signature = Signer.ed25519(bytes(32)).sign(new byte[0]);
    byte[] nonCanonical = toLittleEndian(P.add(BigInteger.TWO));
    byte[] offCurve = toLittleEndian(firstYOffTheCurve());

    for (byte[] owner : new byte[][] {nonCanonical, offCurve}) {
      assertThat(jdkVerify(owner, new byte[0], signature)).as(hex(owner)).isEqualTo(Jdk.BAD_KEY);
      assertThat(SignatureChecks.check(SignatureType.ED25519, owner, new byte[0], signature))
          .isInstanceOfSatisfying(Invalid.class, invalid -> {
            assertThat(invalid.failure()).isEqualTo(Failure.INVALID_OWNER_KEY);
            assertThat(invalid.message()).contains("the owner is not an Ed25519 public key");
          });
    }
  }

  @Test
  void smallOrderOwnersAreRefusedWhereTheJdkAcceptsAForgery() throws Exception {
    // Owner = the neutral element, R = the neutral element, S = 0: [0]B = R + [k]O holds for
    // every message, so the JDK accepts this signature nobody made. We refuse the key.
    byte[] identity = new byte[32];
    identity[0] = 1;
    byte[] forged = new byte[64];
    forged[0] = 1;
    byte[] message = "any message at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(jdkVerify(identity, message, forged)).isEqualTo(Jdk.VALID);
    assertThat(SignatureChecks.check(SignatureType.ED25519, identity, message, forged))
        .isInstanceOfSatisfying(Invalid.class, invalid -> {
          assertThat(invalid.failure()).isEqualTo(Failure.INVALID_OWNER_KEY);
          assertThat(invalid.message()).contains("small order");
        });
  }

  @Test
  void aSigningKeyIsSafeToShareAcrossThreads() {
    SigningKey key = Signer.ed25519(bytes(32));
    byte[][] messages = new byte[64][];
    for (int i = 0; i < messages.length; i++) {
      messages[i] = bytes(48);
    }
    byte[][] sequential = Arrays.stream(messages).map(key::sign).toArray(byte[][]::new);
    byte[][] parallel = Arrays.stream(messages).parallel().map(key::sign).toArray(byte[][]::new);
    assertThat(parallel).isDeepEqualTo(sequential);
  }

  @Test
  void aSeedOfTheWrongLengthIsNamed() {
    assertThatThrownBy(() -> Signer.ed25519(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an Ed25519 private seed has 32 bytes, this one has 31");
  }

  private static void assertMismatch(VerificationResult result) {
    assertThat(result).isInstanceOfSatisfying(Invalid.class,
        invalid -> assertThat(invalid.failure()).isEqualTo(Failure.SIGNATURE_MISMATCH));
  }

  private static Jdk verdict(VerificationResult result) {
    if (result.isValid()) {
      return Jdk.VALID;
    }
    return ((Invalid) result).failure() == Failure.INVALID_OWNER_KEY ? Jdk.BAD_KEY : Jdk.INVALID;
  }

  private static byte[] jdkSign(byte[] seed, byte[] message) throws GeneralSecurityException {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(KeyFactory.getInstance("Ed25519")
        .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
    signer.update(message);
    return signer.sign();
  }

  private static Jdk jdkVerify(byte[] owner, byte[] message, byte[] signature)
      throws GeneralSecurityException {
    // An X.509 SubjectPublicKeyInfo for Ed25519 (OID 1.3.101.112) is this prefix and the key.
    byte[] encoded = HexFormat.of().parseHex("302a300506032b6570032100" + hex(owner));
    PublicKey key;
    try {
      key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (java.security.spec.InvalidKeySpecException e) {
      return Jdk.BAD_KEY;
    }
    Signature verifier = Signature.getInstance("Ed25519");
    try {
      verifier.initVerify(key);
    } catch (InvalidKeyException e) {
      return Jdk.BAD_KEY;
    }
    verifier.update(message);
    try {
      return verifier.verify(signature) ? Jdk.VALID : Jdk.INVALID;
    } catch (SignatureException e) {
      return Jdk.INVALID;
    }
  }

  /** The smallest y ≥ 2 with no x on edwards25519: (y² − 1)/(d·y² + 1) is not a square mod p. */
  private static BigInteger firstYOffTheCurve() {
    BigInteger d = BigInteger.valueOf(-121665).mod(P)
        .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    BigInteger euler = P.subtract(BigInteger.ONE).shiftRight(1);
    for (BigInteger y = BigInteger.TWO; ; y = y.add(BigInteger.ONE)) {
      BigInteger y2 = y.multiply(y).mod(P);
      BigInteger x2 = y2.subtract(BigInteger.ONE)
          .multiply(d.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
      if (x2.signum() != 0 && !x2.modPow(euler, P).equals(BigInteger.ONE)) {
        return y;
      }
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static BigInteger littleEndian(byte[] b) {
    byte[] big = b.clone();
    reverse(big);
    return new BigInteger(1, big);
  }

  private static byte[] toLittleEndian(BigInteger n) {
    byte[] big = n.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < Math.min(32, big.length); i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }

  private static void reverse(byte[] b) {
    for (int i = 0, j = b.length - 1; i < j; i++, j--) {
      byte t = b[i];
      b[i] = b[j];
      b[j] = t;
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
