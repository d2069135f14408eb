package io.vowstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VowstreamAvroSerdeRoundTripTest {
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final VowstreamAvroSerializer<Object> serializer = new VowstreamAvroSerializer<>(registry);
  private final VowstreamAvroDeserializer<Object> deserializer =
      new VowstreamAvroDeserializer<>(registry);

  static Stream<Arguments> generatedRecords() {
    return Stream.of(
        Arguments.of(SampleRecords.tag()),
        Arguments.of(SampleRecords.dataItem()),
        Arguments.of(SampleRecords.assignment()),
        Arguments.of(SampleRecords.scheduledItem()),
        Arguments.of(SampleRecords.result()),
        Arguments.of(SampleRecords.rejection()));
  }

  @ParameterizedTest
  @MethodSource("generatedRecords")
  void everyGeneratedRecordRoundTripsIntoItsOwnClass(SpecificRecord record) {
    byte[] bytes = serializer.serialize("vowstream.test", record);
    Object back = deserializer.deserialize("vowstream.test", bytes);

    assertThat(back).isInstanceOf(record.getClass()).isEqualTo(record);
    assertThat(registry.latestVersion("vowstream.test-value").schema()).isEqualTo(record.getSchema());
  }

  @ParameterizedTest
  @MethodSource("generatedRecords")
  void vowstreamSerdesRoundTripEveryGeneratedRecord(SpecificRecord record) {
    @SuppressWarnings("unchecked")
    Serde<SpecificRecord> serde =
        VowstreamSerdes.value((Class<SpecificRecord>) record.getClass(), registry);
    byte[] bytes = serde.serializer().serialize("vowstream.results", record);
    assertThat(serde.deserializer().deserialize("vowstream.results", bytes)).isEqualTo(record);
    assertThat(registry.subjects()).containsExactly("vowstream.results-value");
  }

  @Test
  void namedSerdeFactoriesUseTheirRecordTypes() {
    assertThat(roundTrip(VowstreamSerdes.dataItem(registry), SampleRecords.dataItem()))
        .isEqualTo(SampleRecords.dataItem());
    assertThat(roundTrip(VowstreamSerdes.tag(registry), SampleRecords.tag())).isEqualTo(SampleRecords.tag());
    assertThat(roundTrip(VowstreamSerdes.assignment(registry), SampleRecords.assignment()))
        .isEqualTo(SampleRecords.assignment());
    assertThat(roundTrip(VowstreamSerdes.scheduledItem(registry), SampleRecords.scheduledItem()))
        .isEqualTo(SampleRecords.scheduledItem());
    assertThat(roundTrip(VowstreamSerdes.result(registry), SampleRecords.result()))
        .isEqualTo(SampleRecords.result());
    assertThat(roundTrip(VowstreamSerdes.rejection(registry), SampleRecords.rejection()))
        .isEqualTo(SampleRecords.rejection());
    assertThat(registry.subjects()).hasSize(6);
  }

  private static <T> T roundTrip(Serde<T> serde, T value) {
    String topic = "topic-of-" + value.getClass().getSimpleName();
    return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, value));
  }

  static Stream<Arguments> primitives() {
    return Stream.of(
        Arguments.of("process-id-\u00e9\u4e2d", "string"),
        Arguments.of("", "string"),
        Arguments.of(Long.MIN_VALUE, "long"),
        Arguments.of(42L, "long"),
        Arguments.of(Integer.MAX_VALUE, "int"),
        Arguments.of(-1, "int"),
        Arguments.of(true, "boolean"),
        Arguments.of(2.5d, "double"),
        Arguments.of(1.5f, "float"));
  }

  @ParameterizedTest
  @MethodSource("primitives")
  void primitivesRoundTripWithTheirPrimitiveSchema(Object value, String avroType) {
    byte[] bytes = serializer.serialize("prims", value);
    assertThat(deserializer.deserialize("prims", bytes)).isEqualTo(value);
    int id = readId(bytes);
    assertThat(registry.schemaById(id).getType().getName()).isEqualTo(avroType);
  }

  @Test
  void byteArraysAndByteBuffersComeBackAsByteArrays() {
    byte[] raw = {0, 1, 2, (byte) 0xff};
    assertThat((byte[]) deserializer.deserialize("b", serializer.serialize("b", raw))).containsExactly(raw);
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3}, 2, 3);
    assertThat((byte[]) deserializer.deserialize("b", serializer.serialize("b", buffer)))
        .containsExactly(1, 2, 3);
    assertThat(buffer.position()).as("the caller's buffer is not consumed").isEqualTo(2);
  }

  @Test
  void nullSerializesToNullAndBack() {
    assertThat(serializer.serialize("t", null)).isNull();
    assertThat(deserializer.deserialize("t", null)).isNull();
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void stringKeysUseTheKeySubjectAndValuesTheValueSubject() {
    Serde<String> keys = VowstreamSerdes.stringKey(registry);
    byte[] key = keys.serializer().serialize("vowstream.schedule", "pid");
    byte[] value = serializer.serialize("vowstream.schedule", SampleRecords.dataItem());

    assertThat(keys.deserializer().deserialize("vowstream.schedule", key)).isEqualTo("pid");
    assertThat(registry.subjects())
        .containsExactlyInAnyOrder("vowstream.schedule-key", "vowstream.schedule-value");
    assertThat(registry.latestVersion("vowstream.schedule-key").id()).isEqualTo(readId(key));
    assertThat(registry.latestVersion("vowstream.schedule-value").id()).isEqualTo(readId(value));
  }

  @Test
  void configureDecidesBetweenKeyAndValueSubjects() {
    VowstreamAvroSerializer<String> s = new VowstreamAvroSerializer<>(registry);
    assertThat(s.subjectFor("orders")).isEqualTo("orders-value");
    s.configure(Map.of(), true);
    assertThat(s.subjectFor("orders")).isEqualTo("orders-key");
    s.configure(Map.of("some.unknown.key", "ignored"), false);
    assertThat(s.subjectFor("orders")).isEqualTo("orders-value");
  }

  @Test
  void theSameSchemaGetsTheSameIdUnderEveryTopic() {
    byte[] a = serializer.serialize("topic-a", SampleRecords.tag());
    byte[] b = serializer.serialize("topic-b", new Tag("x", "y"));
    assertThat(readId(a)).isEqualTo(readId(b));
    assertThat(registry.subjects()).containsExactly("topic-a-value", "topic-b-value");
  }

  @Test
  void genericRecordsRoundTripAndReadIntoTheGeneratedClassByDefault() {
    GenericRecord generic = new GenericData.Record(Tag.getClassSchema());
    generic.put("name", "Type");
    generic.put("value", "Process");

    byte[] bytes = serializer.serialize("g", generic);
    assertThat(deserializer.deserialize("g", bytes)).isEqualTo(new Tag("Type", "Process"));

    VowstreamAvroDeserializer<Object> genericReader = new VowstreamAvroDeserializer<>(registry);
    genericReader.configure(Map.of(VowstreamSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, false), false);
    Object read = genericReader.deserialize("g", bytes);
    assertThat(read).isInstanceOf(GenericRecord.class).isNotInstanceOf(Tag.class);
    assertThat(((GenericRecord) read).get("name").toString()).isEqualTo("Type");
  }

  @Test
  void recordsWithoutAGeneratedClassStayGeneric() {
    Schema schema =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"Unknown","namespace":"com.example.nowhere",
                 "fields":[{"name":"n","type":"long"}]}""");
    GenericRecord record = new GenericData.Record(schema);
    record.put("n", 5L);
    Object back = deserializer.deserialize("u", serializer.serialize("u", record));
    assertThat(back).isInstanceOf(GenericRecord.class);
    assertThat(((GenericRecord) back).get("n")).isEqualTo(5L);
  }

  @Test
  void aTypedDeserializerUsesItsClassAsReaderEvenForAGenericWriter() {
    VowstreamAvroDeserializer<DataItem> typed = new VowstreamAvroDeserializer<>(registry, DataItem.class);
    DataItem item = typed.deserialize("d", serializer.serialize("d", SampleRecords.dataItem()));
    assertThat(item).isEqualTo(SampleRecords.dataItem());
  }

  static int readId(byte[] bytes) {
    return ByteBuffer.wrap(bytes, 1, 4).getInt();
  }
}
