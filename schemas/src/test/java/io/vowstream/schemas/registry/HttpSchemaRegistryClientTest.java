package io.vowstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpSchemaRegistryClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema TAG = Tag.getClassSchema();

  private final FakeRegistryServer server;
  private final HttpSchemaRegistryClient client;

  HttpSchemaRegistryClientTest() throws IOException {
    server = new FakeRegistryServer();
    client = HttpSchemaRegistryClient.builder(server.url()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static String schemaAnswer(Schema schema) {
    ObjectNode n = JSON.createObjectNode();
    n.put("schema", schema.toString());
    return n.toString();
  }

  private static String versionAnswer(String subject, int version, int id, Schema schema) {
    ObjectNode n = JSON.createObjectNode();
    n.put("subject", subject).put("version", version).put("id", id).put("schema", schema.toString());
    return n.toString();
  }

  private static Schema schemaInBody(String body) throws IOException {
    JsonNode n = JSON.readTree(body);
    assertThat(n.fieldNames()).toIterable().containsExactly("schema");
    return new Schema.Parser().parse(n.get("schema").textValue());
  }

  @Test
  void registerPostsTheSchemaWithRegistryHeadersAndCachesTheId() throws IOException {
    server.answer("POST /subjects/orders-value/versions", 200, "{\"id\":21}");

    assertThat(client.register("orders-value", TAG)).isEqualTo(21);
    assertThat(client.register("orders-value", TAG)).isEqualTo(21);
    assertThat(client.id("orders-value", TAG)).isEqualTo(21);
    assertThat(client.schemaById(21)).isEqualTo(TAG);

    assertThat(server.requests()).hasSize(1);
    FakeRegistryServer.Request r = server.lastRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(r.header("Accept"))
        .isEqualTo("application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json");
    assertThat(r.header("Authorization")).isNull();
    assertThat(schemaInBody(r.body())).isEqualTo(TAG);
  }

  @Test
  void theSameSchemaUnderAnotherSubjectIsAnotherRequest() {
    server.answer("POST /subjects/a-value/versions", 200, "{\"id\":3}");
    server.answer("POST /subjects/b-value/versions", 200, "{\"id\":3}");
    assertThat(client.register("a-value", TAG)).isEqualTo(3);
    assertThat(client.register("b-value", TAG)).isEqualTo(3);
    assertThat(server.requests()).extracting(FakeRegistryServer.Request::pathAndQuery)
        .containsExactly("/subjects/a-value/versions", "/subjects/b-value/versions");
  }

  @Test
  void schemaByIdGetsAndCachesButFailuresAreNotCached() {
    server.answer("GET /schemas/ids/7", 404, "{\"error_code\":40403,\"message\":\"Schema 7 not found\"}");
    server.answer("GET /schemas/ids/7", 200, schemaAnswer(DataItem.getClassSchema()));

    assertThatThrownBy(() -> client.schemaById(7))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
          assertThat(e.isNotFound()).isTrue();
        })
        .hasMessageContaining("Schema 7 not found")
        .hasMessageContaining("/schemas/ids/7");
    assertThat(client.schemaById(7)).isEqualTo(DataItem.getClassSchema());
    assertThat(client.schemaById(7)).isEqualTo(DataItem.getClassSchema());
    assertThat(server.requests()).hasSize(2);
    assertThat(server.lastRequest().method()).isEqualTo("GET");
    assertThat(server.lastRequest().body()).isEmpty();
  }

  @Test
  void lookupPostsToTheSubjectAndFeedsBothCaches() throws IOException {
    server.answer("POST /subjects/t-value", 200, versionAnswer("t-value", 2, 9, TAG));

    RegisteredSchema found = client.lookup("t-value", TAG);

    assertThat(found).isEqualTo(new RegisteredSchema("t-value", 2, 9, TAG));
    assertThat(schemaInBody(server.lastRequest().body())).isEqualTo(TAG);
    assertThat(client.id("t-value", TAG)).isEqualTo(9);
    assertThat(client.schemaById(9)).isEqualTo(TAG);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void idLooksUpWhenNotCached() {
    server.answer("POST /subjects/t-value", 200, versionAnswer("t-value", 1, 4, TAG));
    assertThat(client.id("t-value", TAG)).isEqualTo(4);
    assertThat(client.id("t-value", TAG)).isEqualTo(4);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void latestAndNumberedVersionsAreFetchedEveryTime() {
    server.answer("GET /subjects/t-value/versions/latest", 200, versionAnswer("t-value", 1, 4, TAG));
    server.answer("GET /subjects/t-value/versions/latest", 200, versionAnswer("t-value", 2, 5, DataItem.getClassSchema()));
    server.answer("GET /subjects/t-value/versions/1", 200, versionAnswer("t-value", 1, 4, TAG));

    assertThat(client.latestVersion("t-value").id()).isEqualTo(4);
    RegisteredSchema latest = client.latestVersion("t-value");
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.schema()).isEqualTo(DataItem.getClassSchema());
    assertThat(client.version("t-value", 1)).isEqualTo(new RegisteredSchema("t-value", 1, 4, TAG));
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void versionsMustBePositive() {
    assertThatThrownBy(() -> client.version("t", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version must be at least 1, was 0");
    assertThatThrownBy(() -> client.testCompatibility("t", -1, TAG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.register(" ", TAG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void listsSubjectsAndVersions() {
    server.answer("GET /subjects", 200, "[\"a-key\",\"a-value\"]");
    server.answer("GET /subjects/a-value/versions", 200, "[1,2,5]");
    assertThat(client.subjects()).containsExactly("a-key", "a-value");
    assertThat(client.versions("a-value")).containsExactly(1, 2, 5);
  }

  @Test
  void subjectsAreEncodedAsOnePathSegment() {
    server.answer("GET /subjects/a%20b%2Fc%3Fd/versions", 200, "[1]");
    assertThat(client.versions("a b/c?d")).containsExactly(1);
  }

  @Test
  void compatibilityChecksAskForVerboseAnswers() throws IOException {
    server.answer(
        "POST /compatibility/subjects/t-value/versions/latest?verbose=true",
        200,
        "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2\"]}");
    server.answer("POST /compatibility/subjects/t-value/versions/3?verbose=true", 200, "{\"is_compatible\":true}");

    CompatibilityResult latest = client.testCompatibility("t-value", TAG);
    assertThat(latest.compatible()).isFalse();
    assertThat(latest.messages()).containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2");
    assertThat(schemaInBody(server.lastRequest().body())).isEqualTo(TAG);
    assertThat(server.lastRequest().header("Content-Type")).isEqualTo(HttpSchemaRegistryClient.CONTENT_TYPE);

    assertThat(client.testCompatibility("t-value", 3, TAG)).isEqualTo(new CompatibilityResult(true, List.of()));
  }

  @Test
  void aCompatibilityAnswerWithoutTheFlagIsReported() {
    server.answer("POST /compatibility/subjects/t/versions/latest?verbose=true", 200, "{\"messages\":[]}");
    assertThatThrownBy(() -> client.testCompatibility("t", TAG))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("is_compatible");
  }

  @Test
  void readsAndWritesCompatibilityConfiguration() throws IOException {
    server.answer("GET /config", 200, "{\"compatibilityLevel\":\"FULL\"}");
    server.answer("PUT /config", 200, "{\"compatibility\":\"NONE\"}");
    server.answer("GET /config/t-value?defaultToGlobal=true", 200, "{\"compatibilityLevel\":\"BACKWARD_TRANSITIVE\"}");
    server.answer("PUT /config/t-value", 200, "{\"compatibility\":\"FORWARD\"}");

    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
    assertThat(client.setGlobalCompatibility(CompatibilityLevel.NONE)).isEqualTo(CompatibilityLevel.NONE);
    assertThat(JSON.readTree(server.lastRequest().body()).get("compatibility").textValue()).isEqualTo("NONE");
    assertThat(server.lastRequest().header("Content-Type")).isEqualTo(HttpSchemaRegistryClient.CONTENT_TYPE);
    assertThat(client.compatibility("t-value")).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
    assertThat(client.setCompatibility("t-value", CompatibilityLevel.FORWARD)).isEqualTo(CompatibilityLevel.FORWARD);
    assertThat(server.lastRequest().method()).isEqualTo("PUT");
    assertThat(JSON.readTree(server.lastRequest().body()).get("compatibility").textValue()).isEqualTo("FORWARD");
  }

  @Test
  void anUnknownLevelFromTheRegistryIsReported() {
    server.answer("GET /config", 200, "{\"compatibilityLevel\":\"SIDEWAYS\"}");
    assertThatThrownBy(() -> client.globalCompatibility())
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("SIDEWAYS");
  }

  @Test
  void deleteSubjectSoftOrPermanentAndForgetsCachedIds() {
    server.answer("POST /subjects/t-value/versions", 200, "{\"id\":1}");
    server.answer("DELETE /subjects/t-value", 200, "[1,2]");
    server.answer("DELETE /subjects/t-value?permanent=true", 200, "[1,2]");
    server.answer("POST /subjects/t-value/versions", 200, "{\"id\":1}");

    client.register("t-value", TAG);
    assertThat(client.deleteSubject("t-value", false)).containsExactly(1, 2);
    assertThat(client.deleteSubject("t-value", true)).containsExactly(1, 2);
    assertThat(server.lastRequest().method()).isEqualTo("DELETE");
    client.register("t-value", TAG);
    assertThat(server.requests()).hasSize(4);
  }

  @ParameterizedTest
  @CsvSource({
    "404, 40401, Subject x not found.",
    "404, 40402, Version 9 not found.",
    "404, 40403, Schema not found",
    "409, 409, Schema being registered is incompatible with an earlier schema",
    "422, 42201, Invalid schema",
    "422, 42202, The specified version 0 is not a valid version id",
    "422, 42203, Invalid compatibility level",
    "500, 50001, Error in the backend data store",
    "500, 50002, Operation timed out",
    "500, 50003, Error while forwarding the request to the leader"
  })
  void registryErrorsCarryStatusCodeAndMessage(int status, int code, String message) {
    ObjectNode body = JSON.createObjectNode().put("error_code", code).put("message", message);
    server.answer("POST /subjects/x/versions", status, body.toString());

    assertThatThrownBy(() -> client.register("x", TAG))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(status);
          assertThat(e.errorCode()).isEqualTo(code);
        })
        .hasMessageContaining(message)
        .hasMessageContaining("POST " + server.url() + "/subjects/x/versions")
        .hasMessageContaining("HTTP " + status);
    // Not cached: the next attempt asks again.
    server.answer("POST /subjects/x/versions", 200, "{\"id\":5}");
    assertThat(client.register("x", TAG)).isEqualTo(5);
  }

  @Test
  void errorCodeConstantsMatchTheConfluentApi() {
    assertThat(List.of(
            SchemaRegistryException.SUBJECT_NOT_FOUND,
            SchemaRegistryException.VERSION_NOT_FOUND,
            SchemaRegistryException.SCHEMA_NOT_FOUND,
            SchemaRegistryException.INCOMPATIBLE_SCHEMA,
            SchemaRegistryException.INVALID_SCHEMA,
            SchemaRegistryException.INVALID_VERSION,
            SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
            SchemaRegistryException.STORE_ERROR))
        .containsExactly(40401, 40402, 40403, 409, 42201, 42202, 42203, 50001);
  }

  @Test
  void anErrorWithoutRegistryJsonUsesTheHttpStatusAsCode() {
    server.answer("GET /subjects", 502, "text/html", "<html>Bad Gateway</html>");
    assertThatThrownBy(() -> client.subjects())
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(502);
          assertThat(e.errorCode()).isEqualTo(502);
        })
        .hasMessageContaining("Bad Gateway");
  }

  @Test
  void aSuccessThatIsNotJsonIsReported() {
    server.answer("GET /schemas/ids/1", 200, "text/plain", "hello");
    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_STATUS))
        .hasMessageContaining("not JSON")
        .hasMessageContaining("hello");
  }

  @Test
  void nonAvroAndInvalidSchemasAreReported() {
    server.answer("GET /schemas/ids/1", 200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
    server.answer("GET /schemas/ids/2", 200, "{\"schema\":\"{\\\"type\\\":\\\"nope\\\"}\"}");
    server.answer("GET /schemas/ids/3", 200, "{\"id\":3}");
    assertThatThrownBy(() -> client.schemaById(1)).hasMessageContaining("PROTOBUF");
    assertThatThrownBy(() -> client.schemaById(2))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("schema id 2")
        .hasMessageContaining("not a valid Avro schema");
    assertThatThrownBy(() -> client.schemaById(3)).hasMessageContaining("lacks a valid 'schema'");
  }

  @Test
  void basicAuthIsSentWhenConfigured() {
    server.answer("GET /subjects", 200, "[]");
    try (HttpSchemaRegistryClient authed =
        HttpSchemaRegistryClient.builder(server.url()).basicAuthUserInfo("alice:s3cret:x").build()) {
      assertThat(authed.subjects()).isEmpty();
    }
    String expected =
        "Basic " + Base64.getEncoder().encodeToString("alice:s3cret:x".getBytes(StandardCharsets.UTF_8));
    assertThat(server.lastRequest().header("Authorization")).isEqualTo(expected);
  }

  @Test
  void unreachableUrlsAreSkippedInOrder() throws IOException {
    String dead = deadUrl();
    server.answer("GET /subjects", 200, "[\"s\"]");
    try (HttpSchemaRegistryClient failover =
        HttpSchemaRegistryClient.builder(dead + "/", server.url() + "/").build()) {
      assertThat(failover.subjects()).containsExactly("s");
      assertThat(failover.baseUrls()).extracting(Object::toString).containsExactly(dead, server.url());
    }
  }

  @Test
  void whenNoUrlAnswersTheErrorNamesThemAll() throws IOException {
    String dead1 = deadUrl();
    String dead2 = deadUrl();
    try (HttpSchemaRegistryClient none =
        HttpSchemaRegistryClient.builder(List.of(dead1, dead2)).connectTimeout(Duration.ofSeconds(5)).build()) {
      assertThatThrownBy(none::subjects)
          .isInstanceOfSatisfying(SchemaRegistryException.class,
              e -> assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_STATUS))
          .hasMessageContaining("reached no registry")
          .hasMessageContaining(dead1)
          .hasMessageContaining(dead2);
    }
  }

  @Test
  void anErrorFromAReachableRegistryIsFinal() {
    try (FakeRegistryServer second = new FakeRegistryServer()) {
      server.answer("GET /subjects", 500, "{\"error_code\":50001,\"message\":\"store down\"}");
      second.answer("GET /subjects", 200, "[]");
      try (HttpSchemaRegistryClient two = HttpSchemaRegistryClient.builder(server.url(), second.url()).build()) {
        assertThatThrownBy(two::subjects).hasMessageContaining("store down");
      }
      assertThat(second.requests()).isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aBaseUrlWithAPathPrefixIsKept() {
    server.answer("GET /apis/ccompat/v7/subjects", 200, "[\"x\"]");
    try (HttpSchemaRegistryClient ccompat =
        HttpSchemaRegistryClient.builder(server.url() + "/apis/ccompat/v7/").build()) {
      assertThat(ccompat.subjects()).containsExactly("x");
    }
  }

  @Test
  void theCacheIsBounded() {
    for (int i = 0; i < 2; i++) {
      server.answer("GET /schemas/ids/1", 200, schemaAnswer(TAG));
      server.answer("GET /schemas/ids/2", 200, schemaAnswer(DataItem.getClassSchema()));
    }
    try (HttpSchemaRegistryClient tiny = HttpSchemaRegistryClient.builder(server.url()).cacheCapacity(1).build()) {
      tiny.schemaById(1);
      tiny.schemaById(2);
      tiny.schemaById(1);
      tiny.schemaById(1);
    }
    assertThat(server.requests()).extracting(FakeRegistryServer.Request::pathAndQuery)
        .containsExactly("/schemas/ids/1", "/schemas/ids/2", "/schemas/ids/1");
  }

  @Test
  void theBuilderRejectsBadSettingsByName() {
    assertThatThrownBy(() -> HttpSchemaRegistryClient.builder(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one schema registry URL");
    assertThatThrownBy(() -> HttpSchemaRegistryClient.builder("ftp://host").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://host");
    assertThatThrownBy(() -> HttpSchemaRegistryClient.builder("http://h").basicAuthUserInfo("nocolon"))
        .hasMessageContaining("user:password");
    assertThatThrownBy(() -> HttpSchemaRegistryClient.builder("http://h").connectTimeout(Duration.ZERO))
        .hasMessageContaining("connect timeout");
    assertThatThrownBy(() -> HttpSchemaRegistryClient.builder("http://h").requestTimeout(Duration.ofMillis(-1)))
        .hasMessageContaining("request timeout");
    assertThatThrownBy(() -> HttpSchemaRegistryClient.builder("http://h").cacheCapacity(0))
        .hasMessageContaining("cache capacity");
  }

  static String deadUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}
