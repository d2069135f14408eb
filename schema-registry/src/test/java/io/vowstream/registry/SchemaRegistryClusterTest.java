package io.vowstream.registry;

import static io.vowstream.registry.RegistryHttp.schemaBody;
import static io.vowstream.registry.Schemas.ORDER;
import static io.vowstream.registry.Schemas.USER_EMAIL_INT;
import static io.vowstream.registry.Schemas.USER_V1;
import static io.vowstream.registry.Schemas.USER_V2;
import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.registry.RegistryHttp.Response;
import io.vowstream.registry.internal.InMemoryCommandLog;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several servers on one log: agreement, races settled in log order, restarts, timeouts. */
class SchemaRegistryClusterTest {

  private final InMemoryCommandLog log = new InMemoryCommandLog();
  private final List<SchemaRegistryServer> servers = new ArrayList<>();
  private final ExecutorService clients = Executors.newFixedThreadPool(2);

  private RegistryHttp startServer() {
    return startServer(Duration.ofSeconds(30));
  }

  private RegistryHttp startServer(Duration timeout) {
    SchemaRegistryServer server = SchemaRegistryServer.builder().port(0).commandLog(log)
        .requestTimeout(timeout).start();
    servers.add(server);
    return new RegistryHttp(server.url());
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    log.release();
    servers.forEach(SchemaRegistryServer::close);
    clients.shutdownNow();
    clients.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void aWriteOnOneInstanceIsVisibleOnTheOtherAsSoonAsItWasAnswered() {
    RegistryHttp a = startServer();
    RegistryHttp b = startServer();
    int id = a.register("u", USER_V1);
    assertThat(b.get("/schemas/ids/" + id).body().get("schema").asText()).isEqualTo(USER_V1);
    assertThat(b.get("/subjects/u/versions/latest").body().get("version").asInt()).isEqualTo(1);
    a.register("u", USER_V2);
    assertThat(b.get("/subjects/u/versions/latest").body().get("version").asInt()).isEqualTo(2);
    b.put("/config/u", "{\"compatibility\":\"NONE\"}");
    assertThat(a.get("/config/u").body().get("compatibilityLevel").asText()).isEqualTo("NONE");
    b.delete("/subjects/u");
    assertThat(a.get("/subjects/u/versions").errorCode()).isEqualTo(40401);
  }

  @Test
  void instancesAssignIdsFromOneSequence() {
    RegistryHttp a = startServer();
    RegistryHttp b = startServer();
    int user = a.register("u", USER_V1);
    int order = b.register("o", ORDER);
    int sameUser = b.register("other", USER_V1);
    assertThat(user).isEqualTo(1);
    assertThat(order).isEqualTo(2);
    assertThat(sameUser).isEqualTo(user);
    for (RegistryHttp instance : List.of(a, b)) {
      assertThat(instance.get("/schemas/ids/2").body().get("schema").asText()).isEqualTo(ORDER);
      assertThat(instance.get("/schemas/ids/1/subjects").body().toString())
          .isEqualTo("[\"other\",\"u\"]");
    }
  }

  @Test
  void twoIncompatibleRegistrationsRacingAreSettledInLogOrderTheSameWayEverywhere()
      throws Exception {
    RegistryHttp a = startServer();
    RegistryHttp b = startServer();
    a.register("u", USER_V1);
    // Both candidates are compatible with version 1 but not with each other. Holding the log
    // back makes both instances accept them locally and write them before either is applied.
    log.holdBack();
    CompletableFuture<Response> first = CompletableFuture.supplyAsync(
        () -> a.post("/subjects/u/versions", schemaBody(USER_V2)), clients);
    awaitAppended(2);
    CompletableFuture<Response> second = CompletableFuture.supplyAsync(
        () -> b.post("/subjects/u/versions", schemaBody(USER_EMAIL_INT)), clients);
    awaitAppended(3);
    log.release();

    Response winner = first.get(30, TimeUnit.SECONDS);
    Response loser = second.get(30, TimeUnit.SECONDS);
    assertThat(winner.status()).isEqualTo(200);
    assertThat(winner.body().get("id").asInt()).isEqualTo(2);
    assertThat(loser.status()).isEqualTo(409);
    assertThat(loser.errorCode()).isEqualTo(409);
    for (RegistryHttp instance : List.of(a, b)) {
      assertThat(instance.get("/subjects/u/versions").body().toString()).isEqualTo("[1,2]");
      assertThat(instance.get("/subjects/u/versions/2").body().get("schema").asText())
          .isEqualTo(USER_V2);
      assertThat(instance.get("/schemas/ids/3").errorCode()).isEqualTo(40403);
    }
  }

  @Test
  void twoInstancesRegisteringTheSameNewSchemaAtOnceGetOneId() throws Exception {
    RegistryHttp a = startServer();
    RegistryHttp b = startServer();
    log.holdBack();
    CompletableFuture<Integer> fromA = CompletableFuture.supplyAsync(
        () -> a.register("u", USER_V1), clients);
    CompletableFuture<Integer> fromB = CompletableFuture.supplyAsync(
        () -> b.register("u", USER_V1), clients);
    awaitAppended(2);
    log.release();
    assertThat(fromA.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(fromB.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(a.get("/subjects/u/versions").body().toString()).isEqualTo("[1]");
  }

  @Test
  void aRestartedServerResolvesTheSameIdsAndContinuesTheSequence() {
    RegistryHttp first = startServer();
    first.register("u", USER_V1);
    first.register("u", USER_V2);
    first.register("o", ORDER);
    first.put("/config/o", "{\"compatibility\":\"FULL\"}");
    first.delete("/subjects/u/versions/1");
    servers.removeFirst().close();

    RegistryHttp second = startServer();
    assertThat(second.get("/schemas/ids/1").body().get("schema").asText()).isEqualTo(USER_V1);
    assertThat(second.get("/schemas/ids/2").body().get("schema").asText()).isEqualTo(USER_V2);
    assertThat(second.get("/schemas/ids/3").body().get("schema").asText()).isEqualTo(ORDER);
    assertThat(second.get("/subjects/u/versions").body().toString()).isEqualTo("[2]");
    assertThat(second.get("/config/o").body().get("compatibilityLevel").asText())
        .isEqualTo("FULL");
    assertThat(second.register("n", "\"string\"")).isEqualTo(4);
  }

  @Test
  void closingReleasesThePort() throws IOException {
    SchemaRegistryServer server = SchemaRegistryServer.builder().port(0).commandLog(log).start();
    int port = server.port();
    server.close();
    server.close(); // idempotent
    try (ServerSocket socket = new ServerSocket(port, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aWriteThatIsNeverAppliedTimesOutWith50002() {
    RegistryHttp a = startServer(Duration.ofMillis(300));
    log.holdBack();
    Response r = a.post("/subjects/u/versions", schemaBody(USER_V1));
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.errorCode()).isEqualTo(50002);
    assertThat(r.message()).contains("not applied");
    log.release();
    // The command was written, so it takes effect once the log delivers it.
    assertThat(a.get("/schemas/ids/1").body().get("schema").asText()).isEqualTo(USER_V1);
  }

  @Test
  void skipsRecordsThatAreNotRegistryCommands() {
    log.append("junk".getBytes(), "junk".getBytes(), Duration.ofSeconds(1));
    log.append("{\"kind\":\"vowstream-registry-command\",\"id\":\"x\"}".getBytes(),
        "{\"format\":99}".getBytes(), Duration.ofSeconds(1));
    RegistryHttp a = startServer();
    assertThat(a.register("u", USER_V1)).isEqualTo(1);
    assertThat(a.get("/subjects").body().toString()).isEqualTo("[\"u\"]");
  }

  private void awaitAppended(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (log.appendedCount() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " appended records, have "
            + log.appendedCount());
      }
      Thread.sleep(5);
    }
  }
}
