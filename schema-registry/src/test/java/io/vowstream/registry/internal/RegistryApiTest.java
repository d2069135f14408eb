package io.vowstream.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The routing as a plain function, without a socket. */
class RegistryApiTest {

  private final InMemoryCommandLog log = new InMemoryCommandLog();
  private final Replica replica = new Replica(log, UUID::randomUUID, "test-applier");
  private final RegistryApi api = new RegistryApi(new RegistryService(replica, Duration.ofSeconds(10)));
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void close() {
    replica.close();
  }

  private JsonNode body(RegistryApi.Reply reply) throws IOException {
    return json.readTree(reply.body());
  }

  @Test
  void pathSegmentsArePercentDecodedOneByOne() {
    assertThat(RegistryApi.segments("/subjects/a%2Fb/versions")).containsExactly("subjects", "a/b",
        "versions");
    assertThat(RegistryApi.segments("/subjects/a+b")).containsExactly("subjects", "a+b");
    assertThat(RegistryApi.segments("/subjects/100%")).containsExactly("subjects", "100%");
    assertThat(RegistryApi.segments("//subjects//")).containsExactly("subjects");
    assertThat(RegistryApi.segments("/")).isEmpty();
  }

  @Test
  void queryParametersAreDecodedAndTheFirstValueWins() {
    assertThat(RegistryApi.parseQuery("permanent=true&verbose&x=a+b&permanent=false"))
        .containsEntry("permanent", "true").containsEntry("verbose", "").containsEntry("x", "a b");
  }

  @Test
  void methodNamesAreCaseInsensitive() throws IOException {
    RegistryApi.Reply reply = api.handle("get", "/schemas/types", new byte[0]);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(body(reply).get(0).asText()).isEqualTo("AVRO");
  }

  @Test
  void aRegistrationIsAnsweredFromItsAppliedOutcome() throws IOException {
    RegistryApi.Reply reply = api.handle("POST", "/subjects/s/versions",
        "{\"schema\":\"\\\"string\\\"\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(body(reply).get("id").asInt()).isEqualTo(1);
    assertThat(log.appendedCount()).isEqualTo(1);
    assertThat(replica.appliedOffset()).isEqualTo(1);
  }

  @Test
  void errorsCarryStatusCodeAndMessage() throws IOException {
    RegistryApi.Reply reply = api.handle("GET", "/subjects/x/versions", new byte[0]);
    assertThat(reply.status()).isEqualTo(404);
    assertThat(body(reply).get("error_code").asInt()).isEqualTo(40401);
    assertThat(body(reply).get("message").asText()).isEqualTo("Subject 'x' not found.");
  }

  @Test
  void versionsParse() {
    assertThat(RegistryService.parseVersion("latest")).isEqualTo(RegistryCommand.LATEST);
    assertThat(RegistryService.parseVersion("LATEST")).isEqualTo(RegistryCommand.LATEST);
    assertThat(RegistryService.parseVersion("-1")).isEqualTo(RegistryCommand.LATEST);
    assertThat(RegistryService.parseVersion("12")).isEqualTo(12);
    assertThatThrownBy(() -> RegistryService.parseVersion("0"))
        .isInstanceOf(RegistryError.RegistryException.class).hasMessageContaining("'0'");
  }

  @Test
  void catchUpWaitsForRecordsWrittenByOthers() {
    CommandCodec codec = new CommandCodec();
    log.append(codec.key(UUID.randomUUID()),
        codec.encode(new RegistryCommand.Register("other", "\"int\"")), Duration.ofSeconds(1));
    replica.catchUp(Duration.ofSeconds(10));
    assertThat(replica.read(RegistryState::liveSubjects)).containsExactly("other");
  }

  @Test
  void catchUpTimesOutWith50002WhenTheLogIsBehind() {
    log.holdBack();
    CommandCodec codec = new CommandCodec();
    log.append(codec.key(UUID.randomUUID()),
        codec.encode(new RegistryCommand.Register("other", "\"int\"")), Duration.ofSeconds(1));
    // Held back records are invisible, so there is nothing to wait for yet.
    replica.catchUp(Duration.ofMillis(50));
    assertThat(replica.read(RegistryState::liveSubjects)).isEmpty();
    assertThatThrownBy(() -> replica.submit(new RegistryCommand.DeleteConfig(null),
        Duration.ofMillis(100)))
        .isInstanceOfSatisfying(RegistryError.RegistryException.class,
            e -> assertThat(e.error().errorCode()).isEqualTo(50002));
  }
}
