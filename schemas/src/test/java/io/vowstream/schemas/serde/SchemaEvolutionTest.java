package io.vowstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.CompatibilityLevel;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Writers with other versions of a schema than the generated class; the reader resolves them. */
class SchemaEvolutionTest {
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final VowstreamAvroSerializer<GenericRecord> writer = new VowstreamAvroSerializer<>(registry);
  private final VowstreamAvroDeserializer<Object> reader = new VowstreamAvroDeserializer<>(registry);

  static Schema fixture(String name) throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/schemas/evolution/" + name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }

  @Test
  void aFieldTheReaderLacksIsSkipped() throws IOException {
    Schema newer = fixture("Tag-with-note.avsc");
    GenericRecord record = new GenericData.Record(newer);
    record.put("name", "Action");
    record.put("value", "Eval");
    record.put("note", "written by a newer producer");

    Object read = reader.deserialize("tags", writer.serialize("tags", record));

    assertThat(read).isEqualTo(new Tag("Action", "Eval"));
  }

  @Test
  void fieldsTheWriterLacksTakeTheReadersDefaults() throws IOException {
    Schema older = fixture("Rejection-older.avsc");
    GenericRecord record = new GenericData.Record(older);
    record.put("unit", "su");
    record.put("reasonCode", "NONCE_GAP");
    record.put("message", "expected nonce 4");
    record.put("input", ByteBuffer.wrap(new byte[] {1, 2}));
    record.put("timestamp", 99L);

    Object read = reader.deserialize("rejected", writer.serialize("rejected", record));

    assertThat(read).isInstanceOf(Rejection.class);
    Rejection rejection = (Rejection) read;
    assertThat(rejection.getUnit()).isEqualTo("su");
    assertThat(rejection.getReasonCode()).isEqualTo("NONCE_GAP");
    assertThat(rejection.getTimestamp()).isEqualTo(99L);
    assertThat(rejection.getSourceTopic()).isNull();
    assertThat(rejection.getSourcePartition()).isNull();
    assertThat(rejection.getSourceOffset()).isNull();
    assertThat(rejection.getItemId()).isNull();
  }

  @Test
  void bothVersionsOfOneSubjectAreReadableAfterAnEvolution() throws IOException {
    byte[] old = writer.serialize("tags", genericTag(Tag.getClassSchema(), "a", "1"));
    GenericRecord newer = genericTag(fixture("Tag-with-note.avsc"), "b", "2");
    newer.put("note", "n");
    byte[] current = writer.serialize("tags", newer);

    assertThat(registry.versions("tags-value")).containsExactly(1, 2);
    assertThat(reader.deserialize("tags", old)).isEqualTo(new Tag("a", "1"));
    assertThat(reader.deserialize("tags", current)).isEqualTo(new Tag("b", "2"));
  }

  @Test
  void aGenericReaderSeesTheWritersOwnFields() throws IOException {
    GenericRecord newer = genericTag(fixture("Tag-with-note.avsc"), "b", "2");
    newer.put("note", "kept");
    VowstreamAvroDeserializer<Object> generic = new VowstreamAvroDeserializer<>(registry);
    generic.configure(Map.of(VowstreamSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, "false"), false);

    GenericRecord read = (GenericRecord) generic.deserialize("tags", writer.serialize("tags", newer));

    assertThat(read.get("note").toString()).isEqualTo("kept");
  }

  @Test
  void anUnreadableWriterFailsWithTheTopicAndId() throws IOException {
    registry.setCompatibility("tags-value", CompatibilityLevel.NONE);
    GenericRecord bad = new GenericData.Record(fixture("Tag-value-as-int.avsc"));
    bad.put("name", "n");
    bad.put("value", 3);
    byte[] bytes = writer.serialize("tags", bad);

    assertThatThrownBy(() -> reader.deserialize("tags", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'tags'")
        .hasMessageContaining("schema id 1");
  }

  private static GenericRecord genericTag(Schema schema, String name, String value) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("name", name);
    r.put("value", value);
    return r;
  }
}
