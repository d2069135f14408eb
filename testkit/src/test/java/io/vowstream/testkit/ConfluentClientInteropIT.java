package io.vowstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vowstream.registry.SchemaRegistryServer;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.CompatibilityLevel;
import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryException;
import io.vowstream.schemas.serde.VowstreamAvroDeserializer;
import io.vowstream.schemas.serde.VowstreamAvroSerializer;
import io.vowstream.schemas.serde.VowstreamSerdeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves that a standard Confluent client works against our registry unchanged: Confluent's own
 * JavaScript client ({@code @confluentinc/schemaregistry}, pinned in
 * {@code src/test/node/confluent-interop/package.json}) registers, reads, tests, configures and
 * deletes through our REST API, its Avro deserializer reads bytes our Java serializer wrote, and
 * our Java deserializer reads bytes its Avro serializer wrote. Ids and verdicts are checked
 * against what our own {@link HttpSchemaRegistryClient} sees.
 *
 * <p>The Node project is copied into {@code <build dir>/confluent-interop} and installed there
 * with {@code npm ci} once per build directory; {@code check.mjs} runs once for the class and
 * prints what it observed as JSON, on which each test asserts. It needs Node.js 18+ and npm, and
 * the npm registry for the first install; without them every test here fails, never skips.
 *
 * <p>Run alone: {@code ./mvnw -B -pl testkit verify -Dit.test=ConfluentClientInteropIT}
 * (add {@code -Dvowstream.test.docker=false} to use a local broker process). The script's input
 * and output stay in {@code <build dir>/confluent-interop/check.mjs.input.json} and
 * {@code ...output.json}.
 */
class ConfluentClientInteropIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Schema V1 = pair(SchemaBuilder.record("Pair").namespace("interop").fields()
      .requiredString("a"));
  private static final Schema V2 = pair(SchemaBuilder.record("Pair").namespace("interop").fields()
      .requiredString("a").name("b").type().intType().intDefault(0));
  private static final Schema V3 = pair(SchemaBuilder.record("Pair").namespace("interop").fields()
      .requiredString("a").name("b").type().intType().intDefault(0)
      .name("c").type().stringType().stringDefault(""));
  private static final Schema INCOMPATIBLE = pair(SchemaBuilder.record("Pair").namespace("interop")
      .fields().requiredInt("a"));

  private static @Nullable SchemaRegistryServer registry;
  private static @Nullable SchemaRegistryClient ours;
  private static String prefix = "";
  private static String itemsTopic = "";
  private static String notesTopic = "";
  private static @Nullable DataItem javaWrote;
  private static byte[] javaValueBytes = new byte[0];
  private static @Nullable DataItem confluentWrites;
  private static JsonNode seen = JSON.createObjectNode();

  @BeforeAll
  static void runTheConfluentClient() throws IOException {
    ConfluentInteropNode nodeProject = ConfluentInteropNode.shared();
    nodeProject.install(); // first, so a missing Node.js fails before a broker is started
    // A registry of our own: the script changes the global level, which must not leak to others.
    registry = TestRegistry.startServer(TestKafka.bootstrapServers(),
        TestKafka.uniqueTopic("_schemas-interop"));
    ours = HttpSchemaRegistryClient.builder(registry.url()).build();
    prefix = TestKafka.uniqueTopic("interop");
    itemsTopic = prefix + "-items";
    notesTopic = prefix + "-notes";

    DataItem written = Samples.dataItem(new Random(7));
    javaWrote = written;
    // Null in one optional field, so both union branches cross the language boundary.
    DataItem toWrite = DataItem.newBuilder(Samples.dataItem(new Random(8))).setAnchor(null).build();
    confluentWrites = toWrite;
    byte[] keyBytes;
    try (VowstreamAvroSerializer<Object> values = serializer(false);
        VowstreamAvroSerializer<Object> keys = serializer(true)) {
      javaValueBytes = values.serialize(itemsTopic, written);
      keyBytes = keys.serialize(itemsTopic, "process-1");
    }

    ObjectNode input = JSON.createObjectNode();
    input.put("registryUrl", registry.url());
    input.put("prefix", prefix);
    ObjectNode schemas = input.putObject("schemas");
    schemas.put("v1", V1.toString());
    schemas.put("v2", V2.toString());
    schemas.put("v3", V3.toString());
    schemas.put("incompatible", INCOMPATIBLE.toString());
    input.putObject("fromJava")
        .put("topic", itemsTopic)
        .put("valuePayload", Base64.getEncoder().encodeToString(javaValueBytes))
        .put("keyPayload", Base64.getEncoder().encodeToString(keyBytes));
    input.putObject("toJava")
        .put("topic", itemsTopic)
        .put("avroJson", avroJson(toWrite));
    input.putObject("autoRegister")
        .put("topic", notesTopic)
        .putObject("value").put("note", "written by node").put("count", 3);
    seen = nodeProject.runScript("check.mjs", input);
  }

  @AfterAll
  static void stopRegistry() {
    if (ours != null) {
      ours.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void theScriptRanThePinnedConfluentClient() {
    assertThat(seen.path("client").path("package").asText()).isEqualTo("@confluentinc/schemaregistry");
    assertThat(seen.path("client").path("version").asText()).isEqualTo("1.10.1");
    assertThat(ConfluentInteropNode.nodeMajorVersion(seen.path("client").path("node").asText()))
        .isGreaterThanOrEqualTo(ConfluentInteropNode.MIN_NODE_MAJOR);
  }

  @Test
  void schemasRegisteredByTheConfluentClientHaveTheIdsOurClientSees() {
    String pair = pairSubject();
    int v1 = ok("registerV1").asInt();
    int v2 = ok("registerV2").asInt();
    assertThat(v1).isEqualTo(client().lookup(pair, V1).id()).isPositive();
    assertThat(v2).isEqualTo(client().lookup(pair, V2).id()).isNotEqualTo(v1);
    assertThat(ok("registerV1Again").asInt()).as("the same schema again").isEqualTo(v1);
    assertThat(ok("registerV1UnderAlias").asInt()).as("the same schema under a second subject")
        .isEqualTo(v1);
    assertThat(ok("lookupIdV1").asInt()).isEqualTo(v1);
    assertThat(ok("lookupVersionV2").asInt()).isEqualTo(2);
    assertThat(parse(ok("schemaByIdV1").path("schema").asText())).isEqualTo(V1);
  }

  @Test
  void theConfluentClientReadsLatestNumberedVersionsAndSubjects() {
    JsonNode latest = ok("latest");
    assertThat(latest.path("subject").asText()).isEqualTo(pairSubject());
    assertThat(latest.path("version").asInt()).isEqualTo(2);
    assertThat(latest.path("id").asInt()).isEqualTo(ok("registerV2").asInt());
    assertThat(parse(latest.path("schema").asText())).isEqualTo(V2);

    JsonNode first = ok("version1");
    assertThat(first.path("version").asInt()).isEqualTo(1);
    assertThat(first.path("id").asInt()).isEqualTo(client().version(pairSubject(), 1).id());
    assertThat(parse(first.path("schema").asText())).isEqualTo(V1);

    assertThat(texts(ok("allSubjects"))).contains(pairSubject(), aliasSubject());
    assertThat(ints(ok("versions"))).containsExactly(1, 2);
  }

  @Test
  void compatibilityVerdictsMatchOurClientAndARefusalSurfacesAs409() {
    assertThat(ok("compatibleWithLatest").asBoolean()).isTrue();
    assertThat(ok("incompatibleWithLatest").asBoolean()).isFalse();
    assertThat(ok("compatibleWithVersion1").asBoolean()).isTrue();
    assertThat(ok("incompatibleWithVersion1").asBoolean()).isFalse();
    // Our client agrees on the verdict that does not depend on the level the script set later.
    assertThat(client().testCompatibility(pairSubject(), 1, V2).compatible()).isTrue();

    JsonNode refusal = error("registerIncompatible");
    assertThat(refusal.path("restError").asBoolean()).as("surfaced as the client's RestError").isTrue();
    assertThat(refusal.path("status").asInt()).as("HTTP status").isEqualTo(409);
    assertThat(refusal.path("errorCode").asInt()).as("error_code the client surfaces")
        .isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
    assertThat(refusal.path("message").asText()).isNotBlank();
    assertThat(ints(ok("versionsAfterRefusal"))).as("versions after the refusal").containsExactly(1, 2);
  }

  @Test
  void compatibilityConfigRoundTripsThroughTheConfluentClient() {
    assertThat(ok("globalLevelBefore").asText()).isEqualTo("BACKWARD");
    assertThat(ok("setGlobalLevel").asText()).isEqualTo("FORWARD");
    assertThat(ok("globalLevelAfterSet").asText()).isEqualTo("FORWARD");
    assertThat(ok("restoreGlobalLevel").asText()).isEqualTo("BACKWARD");
    assertThat(ok("globalLevelRestored").asText()).isEqualTo("BACKWARD");
    assertThat(client().globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);

    JsonNode unset = error("subjectLevelUnset");
    assertThat(unset.path("status").asInt()).isEqualTo(404);
    assertThat(unset.path("errorCode").asInt())
        .isEqualTo(SchemaRegistryException.SUBJECT_LEVEL_NOT_CONFIGURED);
    assertThat(ok("setSubjectLevel").asText()).isEqualTo("NONE");
    assertThat(ok("subjectLevel").asText()).isEqualTo("NONE");
    assertThat(client().compatibility(pairSubject())).isEqualTo(CompatibilityLevel.NONE);
    assertThat(client().testCompatibility(pairSubject(), 1, INCOMPATIBLE).compatible())
        .as("our client's verdict under the level the Confluent client set").isTrue();
    // Under NONE the schema refused before is taken, as version 3.
    int id = ok("registerIncompatibleUnderNone").asInt();
    assertThat(client().lookup(pairSubject(), INCOMPATIBLE).id()).isEqualTo(id);
    assertThat(ints(ok("versionsUnderNone"))).containsExactly(1, 2, 3);
  }

  @Test
  void aSubjectDeletedByTheConfluentClientIsGoneButItsIdStillResolves() {
    assertThat(ints(ok("deleteAlias"))).containsExactly(1);
    assertThat(texts(ok("subjectsAfterDelete"))).contains(pairSubject()).doesNotContain(aliasSubject());
    JsonNode gone = error("versionsOfDeleted");
    assertThat(gone.path("status").asInt()).isEqualTo(404);
    assertThat(gone.path("errorCode").asInt()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
    assertThat(parse(ok("schemaByIdAfterDelete").path("schema").asText())).isEqualTo(V1);
    assertThat(ints(ok("deleteAliasPermanently"))).containsExactly(1);
    assertThat(client().subjects()).contains(pairSubject()).doesNotContain(aliasSubject());
  }

  @Test
  void theConfluentDeserializerReadsBytesOurSerializerWrote() throws IOException {
    DataItem javaWrote = Objects.requireNonNull(ConfluentClientInteropIT.javaWrote);
    JsonNode fromJava = seen.path("fromJava");
    int id = ok(fromJava, "fromJava", "schemaId").asInt();
    assertThat(id).isEqualTo(schemaIdIn(javaValueBytes))
        .isEqualTo(client().lookup(itemsTopic + "-value", DataItem.getClassSchema()).id());

    // The whole record, through Avro's JSON encoding, and a few fields read directly.
    String avroJson = ok(fromJava, "fromJava", "avroJson").asText();
    assertThat(fromAvroJson(avroJson)).isEqualTo(javaWrote);
    JsonNode value = ok(fromJava, "fromJava", "value");
    assertThat(value.path("signatureType").asInt()).isEqualTo(javaWrote.getSignatureType());
    assertThat(value.path("signature").asText()).isEqualTo(base64(javaWrote.getSignature()));
    assertThat(value.path("target").asText()).isEqualTo(base64(javaWrote.getTarget()));
    assertThat(value.path("data").asText())
        .isEqualTo(Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(value.path("tags").findValuesAsText("name"))
        .containsExactlyElementsOf(javaWrote.getTags().stream().map(Tag::getName).toList());
    assertThat(value.path("tags").findValuesAsText("value"))
        .containsExactlyElementsOf(javaWrote.getTags().stream().map(Tag::getValue).toList());
    assertThat(ok(fromJava, "fromJava", "key").asText()).isEqualTo("process-1");
  }

  @Test
  void ourDeserializerReadsBytesTheConfluentSerializerWrote() {
    byte[] payload = base64(ok(seen.path("toJava"), "toJava", "payload"));
    assertThat(payload[0]).as("Confluent magic byte").isZero();
    assertThat(schemaIdIn(payload)).as("schema id written by the Confluent serializer")
        .isEqualTo(client().latestVersion(itemsTopic + "-value").id());
    try (VowstreamAvroDeserializer<Object> deserializer = deserializer()) {
      Object read = deserializer.deserialize(itemsTopic, payload);
      assertThat(read).isInstanceOf(DataItem.class).isEqualTo(confluentWrites);
      assertThat(((DataItem) read).getAnchor()).isNull();
    }
  }

  @Test
  void aSchemaTheConfluentSerializerAutoRegisteredIsServedAndItsBytesRead() {
    JsonNode auto = seen.path("autoRegister");
    byte[] payload = base64(ok(auto, "autoRegister", "payload"));
    int id = schemaIdIn(payload);
    assertThat(id).isEqualTo(client().latestVersion(notesTopic + "-value").id())
        .isEqualTo(ok(auto, "autoRegister", "latest").path("id").asInt());
    Schema inferred = client().schemaById(id);
    assertThat(inferred.getType()).isEqualTo(Schema.Type.RECORD);
    assertThat(inferred.getFields()).extracting(Schema.Field::name).containsExactly("note", "count");
    try (VowstreamAvroDeserializer<Object> deserializer = deserializer()) {
      Object read = deserializer.deserialize(notesTopic, payload);
      assertThat(read).isInstanceOf(GenericRecord.class);
      GenericRecord note = (GenericRecord) read;
      assertThat(String.valueOf(note.get("note"))).isEqualTo("written by node");
      assertThat(note.get("count")).isEqualTo(3);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Schema pair(SchemaBuilder.FieldAssembler<Schema> fields) {
    return fields.endRecord();
  }

  private static SchemaRegistryClient client() {
    if (ours == null) {
      throw new IllegalStateException("the registry client was not started");
    }
    return ours;
  }

  private static String pairSubject() {
    return seen.path("registry").path("subjects").path("pair").asText();
  }

  private static String aliasSubject() {
    return seen.path("registry").path("subjects").path("alias").asText();
  }

  /** The value of a registry step that must have worked. */
  private static JsonNode ok(String step) {
    return ok(seen.path("registry"), "registry", step);
  }

  private static JsonNode ok(JsonNode group, String groupName, String step) {
    JsonNode result = group.path(step);
    if (result.has("error")) {
      fail("The Confluent client failed at " + groupName + "." + step + ": " + result.get("error"));
    }
    if (!result.has("value")) {
      fail("The script reported nothing for " + groupName + "." + step + "; it saw: " + seen);
    }
    return result.get("value");
  }

  /** The error of a registry step that must have failed. */
  private static JsonNode error(String step) {
    JsonNode result = seen.path("registry").path(step);
    if (!result.has("error")) {
      fail("Expected the Confluent client to fail at registry." + step + ", but it returned "
          + result.path("value"));
    }
    return result.get("error");
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Schema parse(String schema) {
    return new Schema.Parser().parse(schema);
  }

  private static int schemaIdIn(byte[] payload) {
    assertThat(payload.length).as("framed payload length").isGreaterThanOrEqualTo(5);
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }

  private static byte[] base64(JsonNode text) {
    return Base64.getDecoder().decode(text.asText());
  }

  private static @Nullable String base64(@Nullable ByteBuffer bytes) {
    if (bytes == null) {
      return null;
    }
    ByteBuffer copy = bytes.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return Base64.getEncoder().encodeToString(out);
  }

  private static VowstreamAvroSerializer<Object> serializer(boolean isKey) {
    VowstreamAvroSerializer<Object> serializer = new VowstreamAvroSerializer<>();
    serializer.configure(Map.of(VowstreamSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
        registryUrl()), isKey);
    return serializer;
  }

  private static VowstreamAvroDeserializer<Object> deserializer() {
    VowstreamAvroDeserializer<Object> deserializer = new VowstreamAvroDeserializer<>();
    deserializer.configure(Map.of(VowstreamSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
        registryUrl()), false);
    return deserializer;
  }

  private static String registryUrl() {
    if (registry == null) {
      throw new IllegalStateException("the registry was not started");
    }
    return registry.url();
  }

  /** The record in Avro's JSON encoding (bytes as ISO-8859-1 strings, unions wrapped). */
  private static String avroJson(DataItem item) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Encoder encoder = EncoderFactory.get().jsonEncoder(DataItem.getClassSchema(), out);
    new SpecificDatumWriter<DataItem>(DataItem.class).write(item, encoder);
    encoder.flush();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static DataItem fromAvroJson(String json) throws IOException {
    return new SpecificDatumReader<DataItem>(DataItem.class)
        .read(null, DecoderFactory.get().jsonDecoder(DataItem.getClassSchema(), json));
  }
}
