package io.vowstream.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.SignatureType;
import io.vowstream.dataitem.Signer;
import io.vowstream.dataitem.VerificationResult;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Bouncy Castle fast path agrees with {@link DataItems} in both directions. */
class FastEd25519Test {
  final Signer fast = FastEd25519.signer(Fixtures.USER);
  final List<Tag> tags = List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message"));

  @Test
  void sameKeySameSignatureAsTheJdkProvider() {
    assertThat(fast.type()).isEqualTo(SignatureType.ED25519);
    assertThat(fast.publicKey()).isEqualTo(Fixtures.USER.publicKey());
    DataItem a = DataItems.sign(fast, null, null, tags, new byte[] {1, 2});
    DataItem b = DataItems.sign(Fixtures.USER, null, null, tags, new byte[] {1, 2});
    assertThat(a.getSignature()).isEqualTo(b.getSignature()); // Ed25519 is deterministic
    assertThat(DataItems.verify(a).isValid()).isTrue();
    assertThat(FastEd25519.verify(b).isValid()).isTrue();
  }

  @Test
  void tamperedItemsFailWithTheSameReason() {
    DataItem item = DataItems.sign(fast, null, null, tags, new byte[] {1, 2});
    item.setData(ByteBuffer.wrap(new byte[] {3}));
    assertThat(FastEd25519.verify(item)).isInstanceOfSatisfying(VerificationResult.Invalid.class,
        i -> assertThat(i.failure()).isEqualTo(VerificationResult.Failure.SIGNATURE_MISMATCH));
    assertThat(DataItems.verify(item)).isInstanceOfSatisfying(VerificationResult.Invalid.class,
        i -> assertThat(i.failure()).isEqualTo(VerificationResult.Failure.SIGNATURE_MISMATCH));
  }

  @Test
  void structuralProblemsFallBackToTheGeneralChecks() {
    DataItem item = DataItems.sign(fast, null, null, tags, new byte[0]);
    item.setTarget(ByteBuffer.wrap(new byte[5]));
    assertThat(FastEd25519.verify(item)).isInstanceOfSatisfying(VerificationResult.Invalid.class,
        i -> assertThat(i.failure()).isEqualTo(VerificationResult.Failure.MALFORMED_ITEM));
    DataItem other = DataItems.sign(fast, null, null, tags, new byte[0]);
    other.setSignatureType(9);
    assertThat(FastEd25519.verify(other)).isInstanceOfSatisfying(VerificationResult.Invalid.class,
        i -> assertThat(i.failure()).isEqualTo(VerificationResult.Failure.UNSUPPORTED_SIGNATURE_TYPE));
  }

  @Test
  void aNonEd25519SignerIsLeftAsItIs() {
    Signer custom = new Signer() {
      @Override
      public SignatureType type() {
        return SignatureType.ED25519;
      }

      @Override
      public byte[] publicKey() {
        return Fixtures.USER.publicKey();
      }

      @Override
      public byte[] sign(byte[] message) {
        return Fixtures.USER.sign(message);
      }
    };
    assertThat(FastEd25519.signer(custom)).isSameAs(custom);
  }
}
