package io.vowstream.dataitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.dataitem.VerificationResult.Failure;
import io.vowstream.dataitem.VerificationResult.Invalid;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RsaPssTest {
  private static final byte[] MESSAGE = TestKeys.filled(48, 0x5a);
  private static final RSAPrivateCrtKey KEY = ((RsaSigningKey) TestKeys.RSA).key();

  /** The largest salt a 4096-bit key with SHA-256 allows: 512 - 32 - 2. */
  private static final int MAX_SALT = 478;

  @ParameterizedTest
  @ValueSource(ints = {0, 20, 32, 64, MAX_SALT})
  void acceptsAnySaltLength(int saltLength) throws Exception {
    byte[] signature = jdkSign(saltLength, MESSAGE);
    assertThat(SignatureChecks.rsaPss(TestKeys.RSA.publicKey(), MESSAGE, signature).isValid())
        .as("salt length %d", saltLength).isTrue();
  }

  @Test
  void ourSignaturesUseA32ByteSalt() throws Exception {
    byte[] signature = TestKeys.RSA.sign(MESSAGE);
    Signature verifier = Signature.getInstance("RSASSA-PSS");
    verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    verifier.initVerify(KeyFactory.getInstance("RSA").generatePublic(
        new java.security.spec.RSAPublicKeySpec(KEY.getModulus(), KEY.getPublicExponent())));
    verifier.update(MESSAGE);
    assertThat(verifier.verify(signature)).isTrue();
    assertThat(signature).hasSize(512);
  }

  @Test
  void theWrongMessageFails() throws Exception {
    byte[] signature = jdkSign(32, MESSAGE);
    assertMismatch(SignatureChecks.rsaPss(TestKeys.RSA.publicKey(), new byte[48], signature));
  }

  @Test
  void aPkcs1V15SignatureIsNotAPssSignature() throws Exception {
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(KEY);
    signer.update(MESSAGE);
    assertMismatch(SignatureChecks.rsaPss(TestKeys.RSA.publicKey(), MESSAGE, signer.sign()));
  }

  @Test
  void aSignatureNotBelowTheModulusIsMalformed() {
    byte[] signature = TestKeys.filled(512, 0xff);
    assertThat(SignatureChecks.rsaPss(TestKeys.RSA.publicKey(), MESSAGE, signature))
        .isEqualTo(new Invalid(Failure.MALFORMED_SIGNATURE,
            "the RSA signature is not smaller than the modulus"));
  }

  @Test
  void anEvenOwnerIsNotAModulus() {
    byte[] owner = TestKeys.RSA.publicKey();
    owner[511] &= (byte) 0xfe;
    assertThat(SignatureChecks.rsaPss(owner, MESSAGE, new byte[512]))
        .isInstanceOfSatisfying(Invalid.class,
            i -> assertThat(i.failure()).isEqualTo(Failure.INVALID_OWNER_KEY));
  }

  @Test
  void keysMustBe4096BitWithExponent65537() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4),
        new SecureRandom());
    RSAPrivateCrtKey small = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
    assertThatThrownBy(() -> Signer.rsa(small)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4096-bit modulus, this one has 1024 bits");
    RSAPrivateCrtKey exponent3 = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(
        new RSAPrivateCrtKeySpec(KEY.getModulus(), BigInteger.valueOf(3),
            KEY.getPrivateExponent(), KEY.getPrimeP(), KEY.getPrimeQ(), KEY.getPrimeExponentP(),
            KEY.getPrimeExponentQ(), KEY.getCrtCoefficient()));
    assertThatThrownBy(() -> Signer.rsa(exponent3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("public exponent 65537, this one has 3");
  }

  @Test
  void unsignedPadsAndStripsTheSignByte() {
    assertThat(RsaSigningKey.unsigned(BigInteger.valueOf(255), 4)).containsExactly(0, 0, 0, 255);
    assertThat(RsaSigningKey.unsigned(BigInteger.ONE.shiftLeft(31), 4))
        .containsExactly(0x80, 0, 0, 0);
  }

  private static byte[] jdkSign(int saltLength, byte[] message) throws Exception {
    Signature signer = Signature.getInstance("RSASSA-PSS");
    signer.setParameter(
        new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, saltLength, 1));
    signer.initSign(KEY);
    signer.update(message);
    return signer.sign();
  }

  private static void assertMismatch(VerificationResult result) {
    assertThat(result).isInstanceOfSatisfying(Invalid.class,
        i -> assertThat(i.failure()).isEqualTo(Failure.SIGNATURE_MISMATCH));
  }
}
