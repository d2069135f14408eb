package io.vowstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatAndErrorsTest {
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final VowstreamAvroSerializer<Object> serializer = new VowstreamAvroSerializer<>(registry);
  private final VowstreamAvroDeserializer<Object> deserializer =
      new VowstreamAvroDeserializer<>(registry);

  @Test
  void framingIsMagicZeroThenBigEndianIdThenPlainAvroBinary() throws Exception {
    // Push the id past one byte so byte order matters.
    for (int i = 0; i < 300; i++) {
      registry.register("filler-" + i, Schema.createFixed("F" + i, null, "x", 1));
    }
    Tag tag = new Tag("ab", "c");
    byte[] bytes = serializer.serialize("t", tag);
    int id = registry.latestVersion("t-value").id();
    assertThat(id).isEqualTo(301);

    assertThat(bytes[0]).isZero();
    assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0, 0, 1, 45);
    // Avro binary of {name:"ab", value:"c"}: zigzag length 2 -> 0x04, then bytes; 1 -> 0x02.
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).containsExactly(4, 'a', 'b', 2, 'c');
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).containsExactly(plainAvro(tag));
  }

  @Test
  void aPrimitiveStringKeyIsFramedToo() {
    byte[] bytes = serializer.serialize("k", "pid");
    assertThat(bytes).startsWith(0, 0, 0, 0, 1).endsWith(6, 'p', 'i', 'd').hasSize(9);
  }

  @Test
  void aBadMagicByteIsRejectedNamingTheTopicAndTheByte() {
    byte[] bytes = serializer.serialize("t", SampleRecords.tag());
    bytes[0] = 0x07;
    assertThatThrownBy(() -> deserializer.deserialize("orders", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 0x07")
        .hasMessageContaining("'orders'");
  }

  @Test
  void aTooShortPayloadIsRejectedNamingItsLength() {
    assertThatThrownBy(() -> deserializer.deserialize("orders", new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes")
        .hasMessageContaining("'orders'")
        .hasMessageContaining("too short");
    assertThatThrownBy(() -> deserializer.deserialize("orders", new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("0 bytes");
  }

  @Test
  void anUnknownIdIsRejectedNamingTheIdAndTheRegistryError() {
    byte[] bytes = {0, 0, 0, 0, 99, 2, 'x'};
    assertThatThrownBy(() -> deserializer.deserialize("orders", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("id 99")
        .hasMessageContaining("'orders'")
        .hasCauseInstanceOf(SchemaRegistryException.class);
  }

  @Test
  void undecodableBytesAreRejectedNamingTopicAndId() {
    byte[] ok = serializer.serialize("t", SampleRecords.dataItem());
    byte[] truncated = Arrays.copyOf(ok, 9);
    assertThatThrownBy(() -> deserializer.deserialize("items", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'items'")
        .hasMessageContaining("schema id 1");

    byte[] extended = Arrays.copyOf(ok, ok.length + 2);
    assertThatThrownBy(() -> deserializer.deserialize("items", extended))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("extra bytes");
  }

  @Test
  void aTypedDeserializerRejectsAnotherType() {
    byte[] bytes = serializer.serialize("t", "a string");
    VowstreamAvroDeserializer<Long> longs = new VowstreamAvroDeserializer<>(registry, Long.class);
    assertThatThrownBy(() -> longs.deserialize("t", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("java.lang.String")
        .hasMessageContaining("java.lang.Long");
  }

  @Test
  void aTypedRecordDeserializerRejectsAnIncompatibleWriter() {
    byte[] bytes = serializer.serialize("t", SampleRecords.tag());
    VowstreamAvroDeserializer<DataItem> items = new VowstreamAvroDeserializer<>(registry, DataItem.class);
    assertThatThrownBy(() -> items.deserialize("t", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 1");
  }

  @Test
  void unsupportedValuesAreRejectedNamingTheirClass() {
    assertThatThrownBy(() -> serializer.serialize("t", new Object()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("java.lang.Object")
        .hasMessageContaining("'t'");
  }

  @Test
  void withoutAutoRegisterAnUnregisteredSchemaFailsNamingTheSubject() {
    VowstreamAvroSerializer<Tag> s = new VowstreamAvroSerializer<>(registry);
    s.configure(Map.of(VowstreamSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "false"), false);
    assertThatThrownBy(() -> s.serialize("tags", SampleRecords.tag()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("look up")
        .hasMessageContaining("'tags-value'")
        .hasMessageContaining("io.vowstream.schemas.Tag");

    int id = registry.register("tags-value", Tag.getClassSchema());
    assertThat(VowstreamAvroSerdeRoundTripTest.readId(s.serialize("tags", SampleRecords.tag()))).isEqualTo(id);
    assertThat(registry.versions("tags-value")).containsExactly(1);
  }

  @Test
  void useLatestVersionWritesWithTheSubjectsLatestSchemaAndId() {
    int id = registry.register("k-key", Schema.create(Schema.Type.STRING));
    VowstreamAvroSerializer<String> s = new VowstreamAvroSerializer<>(registry);
    s.configure(Map.of(VowstreamSerdeConfig.USE_LATEST_VERSION_CONFIG, true), true);
    byte[] bytes = s.serialize("k", "pid");
    assertThat(VowstreamAvroSerdeRoundTripTest.readId(bytes)).isEqualTo(id);
    // Fetched once per subject: a newer version registered later is not picked up mid-stream.
    registry.setCompatibility("k-key", io.vowstream.schemas.registry.CompatibilityLevel.NONE);
    registry.register("k-key", Schema.create(Schema.Type.BYTES));
    assertThat(VowstreamAvroSerdeRoundTripTest.readId(s.serialize("k", "pid2"))).isEqualTo(id);
    assertThatThrownBy(() -> s.serialize("other", "pid"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("latest schema")
        .hasMessageContaining("'other-key'");
  }

  @Test
  void anIncompatibleRegistrationSurfacesTheRegistryRefusal() {
    serializer.serialize("t", SampleRecords.tag());
    assertThatThrownBy(() -> serializer.serialize("t", 5L))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("register")
        .hasMessageContaining("incompatible");
  }

  @Test
  void unconfiguredSerdesSayHowToConfigureThem() {
    assertThatThrownBy(() -> new VowstreamAvroSerializer<String>().serialize("t", "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> new VowstreamAvroDeserializer<String>().deserialize("t", new byte[5]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema.registry.url");
  }

  private static byte[] plainAvro(Tag tag) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<Tag>(Tag.class).write(tag, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
