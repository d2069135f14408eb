package io.vowstream.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted HTTP server on 127.0.0.1: tests queue answers for "METHOD /path?query" and read back
 * what the client sent. An unscripted request gets a 500 that names it.
 */
public final class FakeRegistryServer implements AutoCloseable {

  public record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return String.join(",", e.getValue());
        }
      }
      return null;
    }
  }

  public record Answer(int status, String contentType, String body) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  public FakeRegistryServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues one JSON answer for {@code methodAndPath}, e.g. {@code "GET /schemas/ids/1"}. */
  public FakeRegistryServer answer(String methodAndPath, int status, String json) {
    return answer(methodAndPath, status, "application/vnd.schemaregistry.v1+json", json);
  }

  public FakeRegistryServer answer(String methodAndPath, int status, String contentType, String body) {
    script.computeIfAbsent(methodAndPath, k -> new ArrayDeque<>()).add(new Answer(status, contentType, body));
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public Request lastRequest() {
    return requests.get(requests.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String pathAndQuery = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(exchange.getRequestMethod(), pathAndQuery, Map.copyOf(exchange.getRequestHeaders()), body));
    String key = exchange.getRequestMethod() + " " + pathAndQuery;
    Deque<Answer> queue = script.get(key);
    Answer answer;
    synchronized (this) {
      answer = queue == null || queue.isEmpty() ? null : queue.poll();
    }
    if (answer == null) {
      answer = new Answer(500, "text/plain", "unscripted request " + key);
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
