package io.vowstream.dataitem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.VerificationResult.Failure;
import io.vowstream.dataitem.VerificationResult.Invalid;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EthereumTest {
  private static final HexFormat HEX = HexFormat.of();
  /** The bytes 0, 1, …, 47: a stand-in for a 48-byte deep hash. */
  private static final byte[] MESSAGE = toBytes(IntStream.range(0, 48).toArray());

  @ParameterizedTest
  @ValueSource(strings = {
      // The examples published in EIP-55 itself (mixed, all caps, all lower case).
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
      "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
      "0x52908400098527886E0F7030069857D2E4169EE7",
      "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
      "0xde709f2102306220921060314715629080e2fb77",
      "0x27b1fdb04752bbc536007a920d24acb045561c26"})
  void eip55Examples(String address) {
    assertThat(Ethereum.checksum(address.substring(2).toLowerCase(Locale.ROOT)))
        .isEqualTo(address);
  }

  @Test
  void keccakIsNotSha3() {
    // Keccak-256 of the empty string (the pre-standard padding Ethereum uses), not SHA3-256's
    // a7ffc6f8….
    assertThat(HEX.formatHex(Ethereum.keccak256(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Test
  void personalMessageHashMatchesEthers() {
    // ethers 5 hashMessage(bytes 0..47), computed once with the arbundles toolchain.
    assertThat(HEX.formatHex(Ethereum.personalMessageHash(MESSAGE)))
        .isEqualTo("690e59f2f9c4e6d1ca89271cb016d5ae4bfeaccd696100b3355136b569bb9066");
  }

  @Test
  void signaturesMatchEthersByteForByte() {
    // Both use RFC 6979 nonces and low s, so ethers' Wallet.signMessage gives identical bytes.
    assertThat(HEX.formatHex(TestKeys.ETHEREUM.sign(MESSAGE))).isEqualTo(
        "76083872f70b5facece18e1642ea84d10d61dccf1a163eadd3337d9c5a4213a1"
            + "55bd241d620f14f1ab9f4d9daa61c315fdb08410fe19905f2ab89ed7e1ffd1e0" + "1b");
  }

  @Test
  void ownerIsTheUncompressedPublicKey() {
    byte[] owner = TestKeys.ETHEREUM.publicKey();
    assertThat(owner).hasSize(65);
    assertThat(owner[0]).isEqualTo((byte) 0x04);
    assertThat(Ethereum.address(owner)).isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
  }

  @Test
  void acceptsRecoveryBytesZeroAndOne() {
    byte[] signature = TestKeys.ETHEREUM.sign(MESSAGE);
    byte[] owner = TestKeys.ETHEREUM.publicKey();
    assertThat(check(owner, signature).isValid()).isTrue();
    signature[64] -= 27;
    assertThat(check(owner, signature).isValid()).isTrue();
  }

  @Test
  void theWrongRecoveryByteFails() {
    byte[] signature = TestKeys.ETHEREUM.sign(MESSAGE);
    signature[64] = (byte) (signature[64] == 27 ? 28 : 27);
    assertFailure(check(TestKeys.ETHEREUM.publicKey(), signature), Failure.SIGNATURE_MISMATCH);
    signature[64] = 29;
    assertFailure(check(TestKeys.ETHEREUM.publicKey(), signature), Failure.MALFORMED_SIGNATURE)
        .satisfies(i -> assertThat(i.message()).contains("found 29"));
  }

  @Test
  void highSIsRefused() {
    byte[] signature = TestKeys.ETHEREUM.sign(MESSAGE);
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
    assertThat(s).isLessThanOrEqualTo(Ethereum.HALF_N);
    byte[] high = RsaSigningKey.unsigned(Ethereum.CURVE.getN().subtract(s), 32);
    System.arraycopy(high, 0, signature, 32, 32);
    // The flipped pair is mathematically valid with the other recovery id, yet refused.
    signature[64] = (byte) (signature[64] == 27 ? 28 : 27);
    assertFailure(check(TestKeys.ETHEREUM.publicKey(), signature),
        Failure.NON_CANONICAL_SIGNATURE);
  }

  @Test
  void outOfRangeRAndSAreMalformed() {
    byte[] signature = TestKeys.ETHEREUM.sign(MESSAGE);
    java.util.Arrays.fill(signature, 0, 32, (byte) 0);
    assertFailure(check(TestKeys.ETHEREUM.publicKey(), signature), Failure.MALFORMED_SIGNATURE);
    byte[] order = RsaSigningKey.unsigned(Ethereum.CURVE.getN(), 32);
    System.arraycopy(order, 0, signature, 0, 32);
    assertFailure(check(TestKeys.ETHEREUM.publicKey(), signature), Failure.MALFORMED_SIGNATURE);
  }

  @Test
  void ownerMustBeAnUncompressedCurvePoint() {
    byte[] signature = TestKeys.ETHEREUM.sign(MESSAGE);
    byte[] owner = TestKeys.ETHEREUM.publicKey();
    owner[0] = 0x02;
    assertFailure(check(owner, signature), Failure.INVALID_OWNER_KEY);
    byte[] offCurve = TestKeys.ETHEREUM.publicKey();
    offCurve[64] ^= 1;
    assertFailure(check(offCurve, signature), Failure.INVALID_OWNER_KEY)
        .satisfies(i -> assertThat(i.message()).contains("0x04 || X || Y"));
  }

  @Test
  void privateKeyMustBeInRange() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Signer.ethereum(BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secp256k1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Signer.ethereum(Ethereum.CURVE.getN())).isInstanceOf(IllegalArgumentException.class);
  }

  private static VerificationResult check(byte[] owner, byte[] signature) {
    return SignatureChecks.check(SignatureType.ETHEREUM, owner, MESSAGE, signature);
  }

  private static org.assertj.core.api.ObjectAssert<Invalid> assertFailure(
      VerificationResult result, Failure failure) {
    assertThat(result).isInstanceOf(Invalid.class);
    Invalid invalid = (Invalid) result;
    assertThat(invalid.failure()).isEqualTo(failure);
    return assertThat(invalid);
  }

  private static byte[] toBytes(int[] values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
