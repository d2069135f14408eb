package io.vowstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.IntRange;

class SerdeRoundTripProperties {
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final VowstreamAvroSerializer<Object> serializer = new VowstreamAvroSerializer<>(registry);
  private final VowstreamAvroDeserializer<Object> deserializer = new VowstreamAvroDeserializer<>(registry);

  @Property(tries = 200)
  void stringKeysRoundTrip(@ForAll String key) {
    assertThat(deserializer.deserialize("k", serializer.serialize("k", key))).isEqualTo(key);
  }

  @Property(tries = 200)
  void longsRoundTrip(@ForAll long value) {
    assertThat(deserializer.deserialize("l", serializer.serialize("l", value))).isEqualTo(value);
  }

  @Property(tries = 100)
  void dataItemsRoundTrip(
      @ForAll @IntRange(min = 1, max = 3) int signatureType,
      @ForAll @Size(max = 64) byte[] signature,
      @ForAll @Size(max = 8) List<@Size(max = 20) String> tagNames,
      @ForAll byte[] data) {
    List<Tag> tags = new ArrayList<>();
    for (String n : tagNames) {
      tags.add(new Tag(n, n + "-value"));
    }
    DataItem item =
        DataItem.newBuilder()
            .setSignatureType(signatureType)
            .setSignature(ByteBuffer.wrap(signature))
            .setOwner(ByteBuffer.wrap(new byte[] {1, 2, 3}))
            .setTarget(null)
            .setAnchor(signature.length % 2 == 0 ? null : ByteBuffer.wrap(new byte[] {7}))
            .setTags(tags)
            .setData(ByteBuffer.wrap(data))
            .build();

    byte[] bytes = serializer.serialize("items", item);

    assertThat(bytes[0]).isZero();
    assertThat(deserializer.deserialize("items", bytes)).isEqualTo(item);
  }
}
