package io.vowstream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vowstream.dataitem.Ans104;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.DataItem;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A running pipeline as the CLI sees it: items go to the MU's {@code POST /} as raw ANS-104, results
 * come from the CU's {@code GET /result/{id}}, the scheduler's address from the SU's health.
 */
final class PipelineClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String mu;
  private final String cu;
  private final String su;

  PipelineClient(String muUrl, String cuUrl, String suUrl) {
    this.mu = muUrl;
    this.cu = cuUrl;
    this.su = suUrl;
  }

  /** The units' URLs from the configuration (a unit bound to all interfaces is reached on loopback). */
  static PipelineClient from(VowstreamConfig config) {
    return new PipelineClient(
        url(config.require(VowstreamConfig.MU_HTTP_HOST), config.require(VowstreamConfig.MU_HTTP_PORT)),
        url(config.require(VowstreamConfig.CU_HTTP_HOST), config.require(VowstreamConfig.CU_HTTP_PORT)),
        url(config.require(VowstreamConfig.SU_HTTP_HOST), config.require(VowstreamConfig.SU_HTTP_PORT)));
  }

  private static String url(String host, int port) {
    return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port;
  }

  /**
   * Submits an item through the MU; returns its id.
   *
   * @throws IllegalStateException with the MU's reason when it refuses the item or cannot be reached
   */
  String submit(DataItem item) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(mu + "/"))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Ans104.encode(item))).timeout(Duration.ofSeconds(30)).build();
    JsonNode body = send(req, "the messenger unit at " + mu);
    if (!body.hasNonNull("id")) {
      throw new IllegalStateException("the messenger unit answered without an id: " + body);
    }
    return body.get("id").asText();
  }

  /**
   * The result of {@code messageId} on {@code processId}; the CU holds the request until the result
   * is committed (up to its configured wait), so this retries until {@code timeout}.
   */
  JsonNode awaitResult(String messageId, String processId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String path = cu + "/result/" + messageId + "?process-id=" + URLEncoder.encode(processId, StandardCharsets.UTF_8);
    while (true) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(path)).timeout(Duration.ofSeconds(60)).GET().build();
      try {
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 200) {
          return JSON.readTree(res.body());
        }
        if (res.statusCode() != 404 && res.statusCode() != 503) {
          throw new IllegalStateException("the compute unit answered " + res.statusCode() + ": " + res.body());
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot reach the compute unit at " + cu + ": " + e.getMessage(), e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the result of " + messageId, e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no result for " + messageId + " on process " + processId + " within "
            + timeout.toSeconds() + " s");
      }
      sleep(Duration.ofMillis(200));
    }
  }

  /** The CU's view of a process ({@code GET /state/{pid}}). */
  JsonNode state(String processId) {
    return send(HttpRequest.newBuilder(URI.create(cu + "/state/" + processId)).GET().build(), "the compute unit at " + cu);
  }

  /** The address of the scheduler unit's signing key: the value of a process's {@code Scheduler} tag. */
  String schedulerAddress() {
    JsonNode health = send(HttpRequest.newBuilder(URI.create(su + "/health")).GET().build(), "the scheduler unit at " + su);
    return health.get("address").asText();
  }

  private JsonNode send(HttpRequest req, String who) {
    try {
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      JsonNode body = res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
      if (res.statusCode() >= 400) {
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() + ": " : "";
        String message = body.hasNonNull("message") ? body.get("message").asText()
            : body.hasNonNull("error") ? body.get("error").asText() : res.body();
        throw new IllegalStateException(who + " refused the request (" + res.statusCode() + "): " + reason + message);
      }
      return body;
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + who + ": " + e.getMessage()
          + " (is './vowstream run' running?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + who, e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
