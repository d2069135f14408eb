package io.vowstream.registry;

import static io.vowstream.registry.RegistryHttp.schemaBody;
import static io.vowstream.registry.Schemas.ORDER;
import static io.vowstream.registry.Schemas.USER_EMAIL_INT;
import static io.vowstream.registry.Schemas.USER_NO_DEFAULT;
import static io.vowstream.registry.Schemas.USER_V1;
import static io.vowstream.registry.Schemas.USER_V1_SPACED;
import static io.vowstream.registry.Schemas.USER_V2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.registry.RegistryHttp.Response;
import io.vowstream.registry.internal.InMemoryCommandLog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every endpoint, through real HTTP, against a server on a free port over an in-memory log. */
class SchemaRegistryServerHttpTest {

  private InMemoryCommandLog log;
  private SchemaRegistryServer server;
  private RegistryHttp http;

  @BeforeEach
  void start() {
    log = new InMemoryCommandLog();
    server = SchemaRegistryServer.builder().port(0).commandLog(log).start();
    http = new RegistryHttp(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<Integer> ints(JsonNode array) {
    return RegistryHttp.JSON.convertValue(array,
        RegistryHttp.JSON.getTypeFactory().constructCollectionType(List.class, Integer.class));
  }

  private static List<String> strings(JsonNode array) {
    return RegistryHttp.JSON.convertValue(array,
        RegistryHttp.JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  @Nested
  class Basics {
    @Test
    void rootAnswersAnEmptyObjectWithTheRegistryContentType() {
      Response r = http.get("/");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().isObject()).isTrue();
      assertThat(r.body().size()).isZero();
      assertThat(r.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void schemaTypesListsOnlyAvro() {
      assertThat(strings(http.get("/schemas/types").body())).containsExactly("AVRO");
    }

    @Test
    void modeIsReadWrite() {
      assertThat(http.get("/mode").body().get("mode").asText()).isEqualTo("READWRITE");
      assertThat(http.get("/mode/anything").body().get("mode").asText()).isEqualTo("READWRITE");
    }

    @Test
    void urlNamesTheBoundPort() {
      assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
      assertThat(server.port()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/subjects/s/other", "/schemas/ids", "/config/a/b",
        "/subjects/s/versions/1/nope", "/compatibility/subjects/s"})
    void unknownPathsAre404WithAJsonError(String path) {
      Response r = http.get(path);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.errorCode()).isEqualTo(404);
      assertThat(r.message()).contains(path);
    }

    @Test
    void wrongMethodOnAKnownPathIs405() {
      Response r = http.send("PATCH", "/subjects/s/versions", "{}");
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.errorCode()).isEqualTo(405);
      assertThat(http.post("/schemas/types", "{}").status()).isEqualTo(405);
      assertThat(http.delete("/mode").status()).isEqualTo(405);
    }

    @Test
    void plainJsonContentTypeAndUnknownQueryParametersAreAccepted() {
      Response r = http.post("/subjects/s/versions?normalize=false&format=x",
          schemaBody(USER_V1));
      assertThat(r.status()).isEqualTo(200);
      assertThat(http.get("/schemas/ids/1?fetchMaxId=false&subject=s").status()).isEqualTo(200);
      assertThat(http.get("/subjects?deleted=false").status()).isEqualTo(200);
    }
  }

  @Nested
  class Register {
    @Test
    void firstSchemaGetsIdOneAndVersionOne() {
      Response r = http.post("/subjects/users-value/versions", schemaBody(USER_V1));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("id").asInt()).isEqualTo(1);
      assertThat(http.get("/subjects/users-value/versions/1").body().get("version").asInt())
          .isEqualTo(1);
    }

    @Test
    void reRegisteringTheSameSchemaReturnsTheSameIdWithoutWriting() {
      int first = http.register("users-value", USER_V1);
      int appended = log.appendedCount();
      int second = http.register("users-value", USER_V1_SPACED);
      assertThat(second).isEqualTo(first);
      assertThat(log.appendedCount()).isEqualTo(appended);
      assertThat(ints(http.get("/subjects/users-value/versions").body())).containsExactly(1);
    }

    @Test
    void theSameSchemaUnderTwoSubjectsSharesOneId() {
      int a = http.register("a-value", USER_V1);
      int b = http.register("b-value", USER_V1);
      assertThat(b).isEqualTo(a);
      assertThat(http.register("c-value", ORDER)).isEqualTo(a + 1);
    }

    @Test
    void backwardAcceptsAFieldWithADefaultAndRefusesOneWithout() {
      http.register("u", USER_V1);
      assertThat(http.register("u", USER_V2)).isEqualTo(2);
      Response refused = http.post("/subjects/u/versions", schemaBody(USER_EMAIL_INT));
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.errorCode()).isEqualTo(409);
      assertThat(refused.message()).contains("incompatible").contains("'u'")
          .contains("version 2");
      assertThat(ints(http.get("/subjects/u/versions").body())).containsExactly(1, 2);
    }

    @Test
    void invalidAvroIs42201AndNothingIsWritten() {
      Response r = http.post("/subjects/u/versions",
          schemaBody("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\"}]}"));
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.errorCode()).isEqualTo(42201);
      assertThat(r.message()).startsWith("Invalid schema");
      assertThat(log.appendedCount()).isZero();
    }

    @Test
    void aBadDefaultIsAnInvalidSchema() {
      Response r = http.post("/subjects/u/versions", schemaBody(
          "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"int\","
              + "\"default\":\"text\"}]}"));
      assertThat(r.errorCode()).isEqualTo(42201);
    }

    @Test
    void otherSchemaTypesAreNotSupported() {
      Response r = http.post("/subjects/u/versions",
          RegistryHttp.json(Map.of("schema", "syntax = \"proto3\";", "schemaType", "PROTOBUF")));
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.errorCode()).isEqualTo(42201);
      assertThat(r.message()).contains("PROTOBUF").contains("not supported");
    }

    @Test
    void explicitAvroTypeAndEmptyReferencesAreAccepted() {
      Response r = http.post("/subjects/u/versions", RegistryHttp.json(
          Map.of("schema", USER_V1, "schemaType", "AVRO", "references", List.of())));
      assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void referencesAreRefused() {
      Response r = http.post("/subjects/u/versions", RegistryHttp.json(Map.of("schema", USER_V1,
          "references", List.of(Map.of("name", "x", "subject", "y", "version", 1)))));
      assertThat(r.errorCode()).isEqualTo(42201);
      assertThat(r.message()).contains("references");
    }

    @Test
    void aMissingSchemaFieldIs42201() {
      Response r = http.post("/subjects/u/versions", "{\"schemaa\":\"x\"}");
      assertThat(r.errorCode()).isEqualTo(42201);
      assertThat(r.message()).contains("\"schema\"");
    }

    @Test
    void malformedJsonIs400() {
      Response r = http.post("/subjects/u/versions", "{not json");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo(400);
      assertThat(r.message()).contains("not valid JSON");
      Response empty = http.send("POST", "/subjects/u/versions", null);
      assertThat(empty.status()).isEqualTo(400);
      assertThat(empty.message()).contains("no body");
    }

    @Test
    void subjectNamesWithEncodedSlashesAndSpacesRoundTrip() {
      http.register("a%2Fb%20c", USER_V1);
      assertThat(strings(http.get("/subjects").body())).containsExactly("a/b c");
      assertThat(http.get("/subjects/a%2Fb%20c/versions/1").body().get("subject").asText())
          .isEqualTo("a/b c");
    }
  }

  @Nested
  class Lookup {
    @Test
    void findsTheVersionOfARegisteredSchema() {
      http.register("u", USER_V1);
      http.register("u", USER_V2);
      Response r = http.post("/subjects/u", schemaBody(USER_V1_SPACED));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("subject").asText()).isEqualTo("u");
      assertThat(r.body().get("version").asInt()).isEqualTo(1);
      assertThat(r.body().get("id").asInt()).isEqualTo(1);
      assertThat(r.body().get("schema").asText()).isEqualTo(USER_V1);
    }

    @Test
    void unknownSubjectIs40401() {
      Response r = http.post("/subjects/ghost", schemaBody(USER_V1));
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.errorCode()).isEqualTo(40401);
      assertThat(r.message()).contains("ghost");
    }

    @Test
    void unknownSchemaIs40403() {
      http.register("u", USER_V1);
      Response r = http.post("/subjects/u", schemaBody(ORDER));
      assertThat(r.errorCode()).isEqualTo(40403);
    }

    @Test
    void invalidSchemaIs42201() {
      http.register("u", USER_V1);
      assertThat(http.post("/subjects/u", schemaBody("nope")).errorCode()).isEqualTo(42201);
    }
  }

  @Nested
  class Subjects {
    @Test
    void listsSubjectsAndVersions() {
      assertThat(strings(http.get("/subjects").body())).isEmpty();
      http.register("b", USER_V1);
      http.register("a", ORDER);
      http.register("b", USER_V2);
      assertThat(strings(http.get("/subjects").body())).containsExactly("a", "b");
      assertThat(ints(http.get("/subjects/b/versions").body())).containsExactly(1, 2);
    }

    @Test
    void versionsOfAnUnknownSubjectIs40401() {
      Response r = http.get("/subjects/ghost/versions");
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.errorCode()).isEqualTo(40401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "latest", "-1"})
    void getsAVersionByNumberOrLatest(String version) {
      http.register("u", USER_V1);
      http.register("u", USER_V2);
      JsonNode body = http.get("/subjects/u/versions/" + version).body();
      assertThat(body.get("subject").asText()).isEqualTo("u");
      assertThat(body.get("version").asInt()).isEqualTo(2);
      assertThat(body.get("id").asInt()).isEqualTo(2);
      assertThat(body.get("schema").asText()).isEqualTo(USER_V2);
    }

    @Test
    void missingVersionIs40402AndMissingSubjectIs40401() {
      http.register("u", USER_V1);
      Response missing = http.get("/subjects/u/versions/7");
      assertThat(missing.errorCode()).isEqualTo(40402);
      assertThat(missing.message()).contains("7").contains("'u'");
      assertThat(http.get("/subjects/ghost/versions/1").errorCode()).isEqualTo(40401);
      assertThat(http.get("/subjects/ghost/versions/latest").errorCode()).isEqualTo(40401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "abc", "1.5", "99999999999"})
    void invalidVersionIs42202(String version) {
      http.register("u", USER_V1);
      Response r = http.get("/subjects/u/versions/" + version);
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.errorCode()).isEqualTo(42202);
      assertThat(r.message()).contains(version);
    }

    @Test
    void rawSchemaOfAVersionIsTheSchemaItself() {
      http.register("u", USER_V1);
      Response r = http.get("/subjects/u/versions/latest/schema");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("name").asText()).isEqualTo("User");
      assertThat(r.body().toString()).isEqualTo(USER_V1);
      assertThat(http.get("/subjects/u/versions/3/schema").errorCode()).isEqualTo(40402);
    }

    @Test
    void referencedByIsAlwaysEmptyForAnExistingVersion() {
      http.register("u", USER_V1);
      Response r = http.get("/subjects/u/versions/1/referencedby");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().isArray()).isTrue();
      assertThat(r.body().size()).isZero();
      assertThat(http.get("/subjects/ghost/versions/1/referencedby").errorCode())
          .isEqualTo(40401);
    }

    @Test
    void listsAllLiveSchemas() {
      http.register("u", USER_V1);
      http.register("o", ORDER);
      JsonNode all = http.get("/schemas").body();
      assertThat(all.size()).isEqualTo(2);
      assertThat(all.get(0).get("subject").asText()).isEqualTo("o");
      assertThat(all.get(1).get("schema").asText()).isEqualTo(USER_V1);
    }
  }

  @Nested
  class Ids {
    @Test
    void schemaById() {
      int id = http.register("u", USER_V1);
      Response r = http.get("/schemas/ids/" + id);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("schema").asText()).isEqualTo(USER_V1);
      assertThat(http.get("/schemas/ids/" + id + "/schema").body().toString()).isEqualTo(USER_V1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99", "abc", "0"})
    void unknownIdIs40403(String id) {
      http.register("u", USER_V1);
      Response r = http.get("/schemas/ids/" + id);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.errorCode()).isEqualTo(40403);
      assertThat(r.message()).contains(id);
      assertThat(http.get("/schemas/ids/" + id + "/schema").errorCode()).isEqualTo(40403);
      assertThat(http.get("/schemas/ids/" + id + "/versions").errorCode()).isEqualTo(40403);
      assertThat(http.get("/schemas/ids/" + id + "/subjects").errorCode()).isEqualTo(40403);
    }

    @Test
    void versionsAndSubjectsOfAnId() {
      http.register("b", USER_V1);
      http.register("a", ORDER);
      http.put("/config/a", "{\"compatibility\":\"NONE\"}");
      http.register("a", USER_V1);
      JsonNode versions = http.get("/schemas/ids/1/versions").body();
      assertThat(versions.size()).isEqualTo(2);
      assertThat(versions.get(0).get("subject").asText()).isEqualTo("a");
      assertThat(versions.get(0).get("version").asInt()).isEqualTo(2);
      assertThat(versions.get(1).get("subject").asText()).isEqualTo("b");
      assertThat(versions.get(1).get("version").asInt()).isEqualTo(1);
      assertThat(strings(http.get("/schemas/ids/1/subjects").body())).containsExactly("a", "b");
    }
  }

  @Nested
  class Deletes {
    @Test
    void softDeleteHidesTheSubjectButKeepsIdsResolvable() {
      http.register("u", USER_V1);
      http.register("u", USER_V2);
      Response r = http.delete("/subjects/u");
      assertThat(r.status()).isEqualTo(200);
      assertThat(ints(r.body())).containsExactly(1, 2);
      assertThat(strings(http.get("/subjects").body())).isEmpty();
      assertThat(http.get("/subjects/u/versions").errorCode()).isEqualTo(40401);
      assertThat(http.get("/subjects/u/versions/1").errorCode()).isEqualTo(40401);
      assertThat(http.get("/schemas/ids/2").body().get("schema").asText()).isEqualTo(USER_V2);
      assertThat(http.get("/schemas/ids/2/versions").body().size()).isZero();
    }

    @Test
    void deletingTwiceNeedsPermanent() {
      http.register("u", USER_V1);
      http.delete("/subjects/u");
      Response again = http.delete("/subjects/u");
      assertThat(again.errorCode()).isEqualTo(40404);
      assertThat(again.message()).contains("permanent=true");
      Response permanent = http.delete("/subjects/u?permanent=true");
      assertThat(permanent.status()).isEqualTo(200);
      assertThat(ints(permanent.body())).containsExactly(1);
      assertThat(http.delete("/subjects/u?permanent=true").errorCode()).isEqualTo(40401);
      assertThat(http.get("/schemas/ids/1").status()).isEqualTo(200);
    }

    @Test
    void permanentDeleteWithoutSoftDeleteIs40405() {
      http.register("u", USER_V1);
      Response r = http.delete("/subjects/u?permanent=true");
      assertThat(r.errorCode()).isEqualTo(40405);
      assertThat(ints(http.get("/subjects/u/versions").body())).containsExactly(1);
    }

    @Test
    void deletingAnUnknownSubjectIs40401() {
      assertThat(http.delete("/subjects/ghost").errorCode()).isEqualTo(40401);
      assertThat(http.delete("/subjects/ghost/versions/1").errorCode()).isEqualTo(40401);
      assertThat(log.appendedCount()).isZero();
    }

    @Test
    void reRegisteringAfterSoftDeleteContinuesTheNumberingAndKeepsTheId() {
      int id = http.register("u", USER_V1);
      http.delete("/subjects/u");
      assertThat(http.register("u", USER_V1)).isEqualTo(id);
      assertThat(ints(http.get("/subjects/u/versions").body())).containsExactly(2);
    }

    @Test
    void reRegisteringAfterPermanentDeleteStartsAtVersionOne() {
      int id = http.register("u", USER_V1);
      http.delete("/subjects/u");
      http.delete("/subjects/u?permanent=true");
      assertThat(http.register("u", USER_V1)).isEqualTo(id);
      assertThat(ints(http.get("/subjects/u/versions").body())).containsExactly(1);
    }

    @Test
    void deletesOneVersion() {
      http.register("u", USER_V1);
      http.register("u", USER_V2);
      Response r = http.delete("/subjects/u/versions/1");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().asInt()).isEqualTo(1);
      assertThat(ints(http.get("/subjects/u/versions").body())).containsExactly(2);
      assertThat(http.get("/subjects/u/versions/1").errorCode()).isEqualTo(40402);
      Response again = http.delete("/subjects/u/versions/1");
      assertThat(again.errorCode()).isEqualTo(40406);
      assertThat(http.delete("/subjects/u/versions/2?permanent=true").errorCode())
          .isEqualTo(40407);
      assertThat(http.delete("/subjects/u/versions/1?permanent=true").body().asInt())
          .isEqualTo(1);
      assertThat(http.delete("/subjects/u/versions/1?permanent=true").errorCode())
          .isEqualTo(40402);
    }

    @Test
    void deletesTheLatestVersion() {
      http.register("u", USER_V1);
      http.register("u", USER_V2);
      assertThat(http.delete("/subjects/u/versions/latest").body().asInt()).isEqualTo(2);
      assertThat(http.get("/subjects/u/versions/latest").body().get("version").asInt())
          .isEqualTo(1);
    }

    @Test
    void deleteVersionErrors() {
      http.register("u", USER_V1);
      assertThat(http.delete("/subjects/u/versions/9").errorCode()).isEqualTo(40402);
      assertThat(http.delete("/subjects/u/versions/zero").errorCode()).isEqualTo(42202);
    }

    @Test
    void compatibilityIgnoresDeletedVersions() {
      http.register("u", USER_V1);
      http.register("u", USER_V2);
      assertThat(http.post("/subjects/u/versions", schemaBody(USER_EMAIL_INT)).status())
          .isEqualTo(409);
      http.delete("/subjects/u/versions/2");
      assertThat(http.post("/subjects/u/versions", schemaBody(USER_EMAIL_INT)).status())
          .isEqualTo(200);
      assertThat(ints(http.get("/subjects/u/versions").body())).containsExactly(1, 3);
    }
  }

  @Nested
  class Compatibility {
    @Test
    void reportsCompatibleAndIncompatibleAgainstLatest() {
      http.register("u", USER_V1);
      http.register("u", USER_V2);
      Response ok = http.post("/compatibility/subjects/u/versions/latest", schemaBody(USER_V2));
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.body().get("is_compatible").asBoolean()).isTrue();
      assertThat(ok.body().has("messages")).isFalse();
      Response bad = http.post("/compatibility/subjects/u/versions/latest",
          schemaBody(USER_EMAIL_INT));
      assertThat(bad.body().get("is_compatible").asBoolean()).isFalse();
      assertThat(log.appendedCount()).isEqualTo(2);
    }

    @Test
    void verboseListsTheProblems() {
      http.register("u", USER_V1);
      Response r = http.post("/compatibility/subjects/u/versions/latest?verbose=true",
          schemaBody(USER_NO_DEFAULT));
      assertThat(r.body().get("is_compatible").asBoolean()).isFalse();
      assertThat(r.body().get("messages").size()).isPositive();
      assertThat(r.body().get("messages").get(0).asText()).contains("age");
      Response fine = http.post("/compatibility/subjects/u/versions?verbose=true",
          schemaBody(USER_V2));
      assertThat(fine.body().get("is_compatible").asBoolean()).isTrue();
      assertThat(fine.body().get("messages").size()).isZero();
    }

    @Test
    void aNumberedVersionIsCheckedAlone() {
      http.register("u", USER_V1);
      http.register("u", USER_V2);
      // USER_EMAIL_INT clashes with version 2 only.
      assertThat(http.post("/compatibility/subjects/u/versions/1", schemaBody(USER_EMAIL_INT))
          .body().get("is_compatible").asBoolean()).isTrue();
      assertThat(http.post("/compatibility/subjects/u/versions/2", schemaBody(USER_EMAIL_INT))
          .body().get("is_compatible").asBoolean()).isFalse();
    }

    @Test
    void anUnknownSubjectIsCompatibleWithLatestLikeConfluent() {
      Response r = http.post("/compatibility/subjects/ghost/versions/latest", schemaBody(USER_V1));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void errors() {
      http.register("u", USER_V1);
      assertThat(http.post("/compatibility/subjects/u/versions/5", schemaBody(USER_V1))
          .errorCode()).isEqualTo(40402);
      assertThat(http.post("/compatibility/subjects/ghost/versions/1", schemaBody(USER_V1))
          .errorCode()).isEqualTo(40401);
      assertThat(http.post("/compatibility/subjects/u/versions/latest", schemaBody("{"))
          .errorCode()).isEqualTo(42201);
      assertThat(http.post("/compatibility/subjects/u/versions/x", schemaBody(USER_V1))
          .errorCode()).isEqualTo(42202);
    }
  }

  @Nested
  class Config {
    @Test
    void globalLevelDefaultsToBackwardAndCanBeChanged() {
      assertThat(http.get("/config").body().get("compatibilityLevel").asText())
          .isEqualTo("BACKWARD");
      Response put = http.put("/config", "{\"compatibility\":\"FULL\"}");
      assertThat(put.status()).isEqualTo(200);
      assertThat(put.body().get("compatibility").asText()).isEqualTo("FULL");
      assertThat(http.get("/config").body().get("compatibilityLevel").asText()).isEqualTo("FULL");
      Response reset = http.delete("/config");
      assertThat(reset.body().get("compatibilityLevel").asText()).isEqualTo("FULL");
      assertThat(http.get("/config").body().get("compatibilityLevel").asText())
          .isEqualTo("BACKWARD");
    }

    @Test
    void subjectLevelIs40408UntilSetUnlessDefaultToGlobal() {
      http.register("u", USER_V1);
      Response none = http.get("/config/u");
      assertThat(none.status()).isEqualTo(404);
      assertThat(none.errorCode()).isEqualTo(40408);
      assertThat(none.message()).contains("'u'");
      assertThat(http.get("/config/u?defaultToGlobal=true").body().get("compatibilityLevel")
          .asText()).isEqualTo("BACKWARD");
      assertThat(http.put("/config/u", "{\"compatibility\":\"none\"}").body()
          .get("compatibility").asText()).isEqualTo("NONE");
      assertThat(http.get("/config/u").body().get("compatibilityLevel").asText())
          .isEqualTo("NONE");
      assertThat(http.delete("/config/u").body().get("compatibilityLevel").asText())
          .isEqualTo("NONE");
      assertThat(http.get("/config/u").errorCode()).isEqualTo(40408);
    }

    @Test
    void aSubjectLevelGovernsRegistration() {
      http.register("u", USER_V1);
      http.register("u", USER_V2);
      http.put("/config/u", "{\"compatibility\":\"NONE\"}");
      assertThat(http.post("/subjects/u/versions", schemaBody(USER_EMAIL_INT)).status())
          .isEqualTo(200);
      http.register("other", USER_V2);
      assertThat(http.post("/subjects/other/versions", schemaBody(USER_EMAIL_INT)).status())
          .isEqualTo(409);
    }

    @Test
    void invalidLevelIs42203() {
      Response r = http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.errorCode()).isEqualTo(42203);
      assertThat(r.message()).contains("SIDEWAYS").contains("FULL_TRANSITIVE");
      assertThat(http.put("/config/u", "{}").errorCode()).isEqualTo(42203);
      assertThat(log.appendedCount()).isZero();
    }

    @Test
    void deletingTheLevelOfAnUnknownSubjectIs40401() {
      assertThat(http.delete("/config/ghost").errorCode()).isEqualTo(40401);
    }

    @Test
    void deletingAnUnsetLevelOfAKnownSubjectAnswersTheGlobalLevel() {
      http.register("u", USER_V1);
      assertThat(http.delete("/config/u").body().get("compatibilityLevel").asText())
          .isEqualTo("BACKWARD");
    }
  }
}
