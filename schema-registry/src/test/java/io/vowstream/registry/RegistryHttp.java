package io.vowstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A tiny Confluent-API client for tests: real HTTP through {@link HttpClient}. */
final class RegistryHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  record Response(int status, String contentType, JsonNode body) {
    int errorCode() {
      return body.path("error_code").asInt(-1);
    }

    String message() {
      return body.path("message").asText();
    }
  }

  private final String base;

  RegistryHttp(String base) {
    this.base = base;
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  Response post(String path, String body) {
    return send("POST", path, body);
  }

  Response put(String path, String body) {
    return send("PUT", path, body);
  }

  /** Registers and returns the id, failing the test on any error. */
  int register(String subject, String schema) {
    Response r = post("/subjects/" + subject + "/versions", schemaBody(schema));
    if (r.status() != 200) {
      throw new AssertionError("registering under " + subject + " failed: " + r);
    }
    return r.body().get("id").asInt();
  }

  static String schemaBody(String schema) {
    return json(Map.of("schema", schema));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Response send(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/vnd.schemaregistry.v1+json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      HttpResponse<String> response = CLIENT.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode parsed = text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
      return new Response(response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""), parsed);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
