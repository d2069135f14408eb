package io.vowstream.dataitem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Items made by arbundles 0.11.2 (see resources/dataitem/README.md). */
class InteropVectorsTest {

  static Stream<String> vectors() {
    return StreamSupport.stream(TestKeys.VECTORS.get("items").spliterator(), false)
        .map(v -> v.get("name").asText());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void decodesVerifiesAndReencodesByteForByte(String name) {
    JsonNode vector = TestKeys.vector(name);
    byte[] raw = Base64.getDecoder().decode(vector.get("raw").asText());
    DataItem item = Ans104.decode(raw);
    assertThat(item.getSignatureType()).isEqualTo(vector.get("signatureType").asInt());
    assertThat(DataItems.id(item)).isEqualTo(vector.get("id").asText());
    assertThat(DataItems.ownerAddress(item)).isEqualTo(vector.get("ownerAddress").asText());
    assertThat(DataItems.verify(item).isValid()).isTrue();
    assertThat(Ans104.encode(item)).isEqualTo(raw);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void fieldsMatchWhatWasSigned(String name) {
    JsonNode vector = TestKeys.vector(name);
    DataItem item = Ans104.decode(Base64.getDecoder().decode(vector.get("raw").asText()));
    assertThat(DataItems.targetId(item).orElse(null))
        .isEqualTo(vector.get("target").isNull() ? null : vector.get("target").asText());
    assertThat(item.getAnchor() == null ? null
        : new String(DataItemsTest.bytes(item.getAnchor()), StandardCharsets.UTF_8))
        .isEqualTo(vector.get("anchorUtf8").isNull() ? null : vector.get("anchorUtf8").asText());
    List<Tag> tags = new ArrayList<>();
    vector.get("tags").forEach(t -> tags.add(new Tag(t.get("name").asText(),
        t.get("value").asText())));
    assertThat(item.getTags()).isEqualTo(tags);
    assertThat(new String(DataItemsTest.bytes(item.getData()), StandardCharsets.UTF_8))
        .isEqualTo(vector.get("dataUtf8").asText());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void theirKeysLoadAndOurItemsVerify(String name) {
    JsonNode vector = TestKeys.vector(name);
    SigningKey key = KeyFiles.parse(vector.get("jwk").toString());
    assertThat(key.address()).isEqualTo(vector.get("ownerAddress").asText());
    DataItem item = DataItems.sign(key, null, null, TestKeys.tags("Made-By", "Vowstream"),
        new byte[] {42});
    assertThat(DataItems.verify(Ans104.decode(Ans104.encode(item))).isValid()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void flippingAnyDataByteBreaksTheirSignature(String name) {
    byte[] raw = Base64.getDecoder().decode(TestKeys.vector(name).get("raw").asText());
    DataItem original = Ans104.decode(raw);
    if (original.getData().remaining() == 0) {
      // No data to flip: flip the first owner byte instead.
      raw[2 + SignatureType.of(original.getSignatureType()).signatureLength()] ^= 1;
    } else {
      raw[raw.length - 1] ^= 1;
    }
    assertThat(DataItems.verify(Ans104.decode(raw)).isValid()).isFalse();
  }
}
