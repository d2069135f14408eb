package io.vowstream.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpApiServerTest {
  HttpApiServer server;
  final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = HttpApiServer.builder().port(0)
        .get("/things/{id}", req -> HttpApiResponse.json(200, Map.of("id", req.pathParam("id"),
            "n", req.longParam("n").orElse(-1L))))
        .get("/missing", req -> {
          throw new NoSuchElementException("no such thing");
        })
        .get("/boom", req -> {
          throw new IllegalStateException("kaput");
        })
        .get("/text", req -> HttpApiResponse.text(200, "text/plain", "hello"))
        .get("/wait", req -> {
          try {
            released.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return HttpApiResponse.text(200, "text/plain", "released");
        })
        .post("/echo/{id}", req -> HttpApiResponse.json(200, Map.of("id", req.pathParam("id"),
            "body", new String(req.body(), java.nio.charset.StandardCharsets.UTF_8),
            "type", req.header("Content-Type").orElse("none"))))
        .maxBodyBytes(16)
        .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void routesWithPathAndQueryParameters() throws Exception {
    HttpResponse<String> r = get("/things/abc?n=5");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.body()).contains("\"id\":\"abc\"").contains("\"n\":5");
    assertThat(get("/things/abc").body()).contains("\"n\":-1");
    assertThat(get("/text").body()).isEqualTo("hello");
  }

  @Test
  void errorsBecomeJsonWithTheRightStatus() throws Exception {
    HttpResponse<String> bad = get("/things/abc?n=x");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("query parameter 'n' must be an integer, got 'x'");
    assertThat(get("/missing").statusCode()).isEqualTo(404);
    assertThat(get("/missing").body()).contains("no such thing");
    assertThat(get("/boom").statusCode()).isEqualTo(500);
    assertThat(get("/boom").body()).contains("kaput");
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void requestHelpers() {
    HttpApiRequest req = new HttpApiRequest("/p", Map.of("a", "1"), Map.of("q", List.of("v"), "e", List.of("")));
    assertThat(req.queryParam("q")).contains("v");
    assertThat(req.queryParam("e")).isEmpty();
    assertThat(req.queryParam("none")).isEmpty();
    assertThatThrownBy(() -> req.pathParam("b")).isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("no path parameter 'b' in /p");
  }

  @Test
  void aBadPortIsRefused() {
    assertThatThrownBy(() -> HttpApiServer.builder().port(70000)).hasMessageContaining("0..65535, got 70000");
    assertThatThrownBy(() -> HttpApiServer.builder().port(server.port()).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot serve HTTP on 127.0.0.1:" + server.port());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void postRoutesGetTheBodyAndHeadersAndRefuseLargeBodies() throws Exception {
    HttpResponse<String> r = post("/echo/x", "hello");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"id\":\"x\"").contains("\"body\":\"hello\"").contains("\"type\":\"text/plain\"");
    HttpResponse<String> big = post("/echo/x", "x".repeat(17));
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).contains("17 bytes; at most 16");
    assertThat(get("/echo/x").statusCode()).isEqualTo(404); // no GET route there
  }

  @Test
  void aBlockingHandlerDoesNotHoldUpOtherRequests() throws Exception {
    var waiting = client.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/wait")).build(),
        HttpResponse.BodyHandlers.ofString());
    // Several requests while /wait blocks: each is answered, so the event loop is free.
    for (int i = 0; i < 8; i++) {
      assertThat(get("/text").body()).isEqualTo("hello");
    }
    assertThat(waiting).isNotDone();
    released.countDown();
    assertThat(waiting.get().body()).isEqualTo("released");
  }
}
