package io.vowstream.dataitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignatureTypeTest {

  @Test
  void codesAndLengthsFollowAns104() {
    assertThat(SignatureType.ARWEAVE.code()).isEqualTo(1);
    assertThat(SignatureType.ARWEAVE.signatureLength()).isEqualTo(512);
    assertThat(SignatureType.ARWEAVE.ownerLength()).isEqualTo(512);
    assertThat(SignatureType.ED25519.code()).isEqualTo(2);
    assertThat(SignatureType.ED25519.signatureLength()).isEqualTo(64);
    assertThat(SignatureType.ED25519.ownerLength()).isEqualTo(32);
    assertThat(SignatureType.ETHEREUM.code()).isEqualTo(3);
    assertThat(SignatureType.ETHEREUM.signatureLength()).isEqualTo(65);
    assertThat(SignatureType.ETHEREUM.ownerLength()).isEqualTo(65);
  }

  @Test
  void lookUpByCode() {
    for (SignatureType type : SignatureType.values()) {
      assertThat(SignatureType.of(type.code())).isSameAs(type);
      assertThat(SignatureType.fromCode(type.code())).contains(type);
    }
    assertThat(SignatureType.fromCode(0)).isEmpty();
    assertThat(SignatureType.fromCode(4)).isEmpty();
    assertThatThrownBy(() -> SignatureType.of(7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signature type 7 is not supported (supported: 1 Arweave RSA-4096,"
            + " 2 Ed25519, 3 Ethereum secp256k1)");
  }

  @Test
  void base64UrlHasNoPaddingAndUsesTheUrlAlphabet() {
    byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x01};
    assertThat(Base64Url.encode(bytes)).isEqualTo("-_-_AQ");
    assertThat(Base64Url.decode("-_-_AQ")).isEqualTo(bytes);
    assertThat(Base64Url.decode("-_-_AQ==")).isEqualTo(bytes);
    assertThat(Base64Url.encode(new byte[0])).isEmpty();
    assertThatThrownBy(() -> Base64Url.decode("+/+/")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not base64url text: \"+/+/\"");
  }
}
