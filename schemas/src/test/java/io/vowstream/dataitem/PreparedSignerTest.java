package io.vowstream.dataitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The prepared signer's shortcut (a saved deep-hash fold per key) against the plain path and
 * against a deep hash written out naively here: same signature data, same items.
 */
class PreparedSignerTest {
  private static final PreparedSigner ED25519 = PreparedSigner.of(TestKeys.ED25519);

  @Provide
  Arbitrary<List<Tag>> tags() {
    Arbitrary<String> names = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
        .filter(s -> !hasLoneSurrogate(s));
    Arbitrary<String> values = Arbitraries.strings().all().ofMaxLength(200)
        .filter(s -> !hasLoneSurrogate(s));
    return Combinators.combine(names, values).as(Tag::new).list().ofMaxSize(16);
  }

  @Provide
  Arbitrary<byte @Nullable []> ids() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).injectNull(0.5);
  }

  @Property(tries = 200)
  void ed25519ItemsEqualThePlainPath(
      @ForAll("ids") byte @Nullable [] target,
      @ForAll("ids") byte @Nullable [] anchor,
      @ForAll("tags") List<Tag> tags,
      @ForAll @Size(max = 700) byte[] data) {
    DataItem prepared = ED25519.sign(target, anchor, tags, data);
    DataItem plain = DataItems.sign(TestKeys.ED25519, target, anchor, tags, data);
    assertThat(prepared).isEqualTo(plain);
    assertThat(DataItems.id(prepared)).isEqualTo(DataItems.id(plain));
    assertThat(DataItems.verify(prepared).isValid()).isTrue();
  }

  @Property(tries = 60)
  void everyTypeSignsTheNaiveDeepHash(
      @ForAll SignatureType type,
      @ForAll("ids") byte @Nullable [] target,
      @ForAll("ids") byte @Nullable [] anchor,
      @ForAll("tags") List<Tag> tags,
      @ForAll @Size(max = 300) byte[] data) {
    Recording signer = new Recording(TestKeys.of(type));
    DataItem item = PreparedSigner.of(signer).sign(target, anchor, tags, data);
    DataItems.sign(signer, target, anchor, tags, data);
    byte[] expected = naiveDeepHash(List.of(
        ascii("dataitem"), ascii("1"), ascii(Integer.toString(type.code())),
        signer.publicKey(), target == null ? new byte[0] : target,
        anchor == null ? new byte[0] : anchor, TagCodec.encode(tags), data));
    assertThat(signer.messages).hasSize(2);
    assertThat(signer.messages.get(0)).isEqualTo(expected);
    assertThat(signer.messages.get(1)).isEqualTo(expected);
    assertThat(DataItems.signatureData(item)).isEqualTo(expected);
    assertThat(DataItems.verify(item).isValid()).isTrue();
  }

  @Property(tries = 30)
  void theTreeDeepHashEqualsTheNaiveOne(@ForAll("tags") List<Tag> tags,
      @ForAll @Size(max = 300) byte[] data) {
    List<byte[]> blobs = new ArrayList<>();
    blobs.add(data);
    for (Tag t : tags) {
      blobs.add(t.getName().getBytes(StandardCharsets.UTF_8));
    }
    assertThat(DeepHash.hash(DeepHash.list(blobs.stream().map(DeepHash::blob).toList())))
        .isEqualTo(naiveDeepHash(blobs));
  }

  @org.junit.jupiter.api.Test
  void malformedInputsAreRejectedAsByThePlainPath() {
    List<Tag> empty = List.of(new Tag("", "x"));
    assertThatThrownBy(() -> ED25519.sign(null, null, empty, new byte[0]))
        .isInstanceOf(MalformedDataItemException.class);
    assertThatThrownBy(() -> ED25519.sign(new byte[5], null, List.of(), new byte[0]))
        .isInstanceOf(MalformedDataItemException.class);
    assertThat(ED25519.signer()).isSameAs(TestKeys.ED25519);
  }

  /** Hands the signature data to the real key and keeps a copy. */
  private static final class Recording implements Signer {
    private final Signer key;
    final List<byte[]> messages = new ArrayList<>();

    Recording(Signer key) {
      this.key = key;
    }

    @Override
    public SignatureType type() {
      return key.type();
    }

    @Override
    public byte[] publicKey() {
      return key.publicKey();
    }

    @Override
    public byte[] sign(byte[] message) {
      messages.add(message.clone());
      return key.sign(message);
    }
  }

  // The deep hash of a flat list of blobs, with a fresh digest per step and nothing saved.
  private static byte[] naiveDeepHash(List<byte[]> blobs) {
    byte[] acc = sha384(ascii("list" + blobs.size()));
    for (byte[] blob : blobs) {
      byte[] leaf = sha384(sha384(ascii("blob" + blob.length)), sha384(blob));
      acc = sha384(acc, leaf);
    }
    return acc;
  }

  private static byte[] sha384(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-384");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
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
