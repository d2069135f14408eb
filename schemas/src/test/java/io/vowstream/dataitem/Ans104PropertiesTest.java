package io.vowstream.dataitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Random items of every type: the binary form round-trips and the signature survives it. */
class Ans104PropertiesTest {

  @Provide
  Arbitrary<List<Tag>> tags() {
    Arbitrary<String> names = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
        .filter(s -> !hasLoneSurrogate(s));
    Arbitrary<String> values = Arbitraries.strings().all().ofMaxLength(80)
        .filter(s -> !hasLoneSurrogate(s));
    return Combinators.combine(names, values).as(Tag::new).list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<byte @Nullable []> ids() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).injectNull(0.3);
  }

  @Provide
  Arbitrary<SignatureType> types() {
    return Arbitraries.of(SignatureType.class);
  }

  @Property(tries = 60)
  void signedItemsRoundTripAndVerify(
      @ForAll("types") SignatureType type,
      @ForAll("ids") byte @Nullable [] target,
      @ForAll("ids") byte @Nullable [] anchor,
      @ForAll("tags") List<Tag> tags,
      @ForAll @Size(max = 600) byte[] data) {
    DataItem item = DataItems.sign(TestKeys.of(type), target, anchor, tags, data);
    byte[] binary = Ans104.encode(item);
    DataItem decoded = Ans104.decode(binary);
    assertThat(decoded).isEqualTo(item);
    assertThat(Ans104.encode(decoded)).isEqualTo(binary);
    assertThat(DataItems.id(decoded)).isEqualTo(DataItems.id(item));
    assertThat(DataItems.verify(decoded).isValid()).isTrue();
  }

  @Property(tries = 300)
  void unsignedItemsRoundTripForEveryType(
      @ForAll("types") SignatureType type,
      @ForAll("ids") byte @Nullable [] target,
      @ForAll("ids") byte @Nullable [] anchor,
      @ForAll("tags") List<Tag> tags,
      @ForAll @Size(max = 2000) byte[] data,
      @ForAll byte fill) {
    DataItem item = DataItem.newBuilder()
        .setSignatureType(type.code())
        .setSignature(java.nio.ByteBuffer.wrap(TestKeys.filled(type.signatureLength(), fill)))
        .setOwner(java.nio.ByteBuffer.wrap(TestKeys.filled(type.ownerLength(), fill + 1)))
        .setTarget(target == null ? null : java.nio.ByteBuffer.wrap(target))
        .setAnchor(anchor == null ? null : java.nio.ByteBuffer.wrap(anchor))
        .setTags(tags)
        .setData(java.nio.ByteBuffer.wrap(data))
        .build();
    assertThat(Ans104.decode(Ans104.encode(item))).isEqualTo(item);
  }

  @Property(tries = 300)
  void truncatingAnItemNeverDecodesSilentlyWrong(
      @ForAll("tags") List<Tag> tags, @ForAll @Size(max = 50) byte[] data,
      @ForAll("ids") byte @Nullable [] target) {
    DataItem item = DataItems.sign(TestKeys.ED25519, target, null, tags, data);
    byte[] binary = Ans104.encode(item);
    int headerEnd = binary.length - data.length;
    for (int cut = 0; cut < headerEnd; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(binary, cut);
      assertThatThrownBy(() -> Ans104.decode(truncated))
          .isInstanceOf(MalformedDataItemException.class);
    }
    // Cutting into the data still decodes (data is "the rest") but no longer verifies.
    if (data.length > 0) {
      DataItem shorter = Ans104.decode(java.util.Arrays.copyOf(binary, binary.length - 1));
      assertThat(DataItems.verify(shorter).isValid()).isFalse();
    }
  }

  @Property(tries = 500)
  void arbitraryBytesEitherDecodeOrFailWithAReason(@ForAll @Size(max = 300) byte[] bytes,
      @ForAll("types") SignatureType type) {
    // Put a valid type in front so the fuzz reaches past the first field.
    byte[] input = new byte[bytes.length + 2];
    input[0] = (byte) type.code();
    System.arraycopy(bytes, 0, input, 2, bytes.length);
    try {
      DataItem item = Ans104.decode(input);
      assertThat(Ans104.encode(item)).isEqualTo(input);
    } catch (MalformedDataItemException e) {
      assertThat(e.reason()).isNotNull();
      assertThat(e.getMessage()).startsWith(e.field() + ": ");
    }
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
