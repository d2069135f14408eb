package io.vowstream.runtime.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** A running HTTP server for GET routes; see the package documentation. */
public final class HttpApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpApiServer.class);
  private final DisposableServer server;

  private HttpApiServer(DisposableServer server) {
    this.server = server;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.port();
  }

  /** {@code http://host:port} of the server. */
  public String baseUrl() {
    return "http://" + server.host() + ":" + server.port();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }

  /** Routes and address of a server to start. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private final List<Map.Entry<String, Function<HttpApiRequest, HttpApiResponse>>> routes = new ArrayList<>();

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port; 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("a port is 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** A GET route; {@code template} may hold parameters such as {@code /processes/{pid}}. */
    public Builder get(String template, Function<HttpApiRequest, HttpApiResponse> handler) {
      routes.add(Map.entry(template, handler));
      return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException naming the address when it cannot bind
     */
    public HttpApiServer start() {
      try {
        DisposableServer s = HttpServer.create().host(host).port(port)
            .route(r -> routes.forEach(e -> r.get(e.getKey(), (req, res) -> serve(e.getValue(), req, res))))
            .bindNow(Duration.ofSeconds(10));
        return new HttpApiServer(s);
      } catch (RuntimeException e) {
        throw new IllegalStateException("cannot serve HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
      }
    }
  }

  private static Mono<Void> serve(Function<HttpApiRequest, HttpApiResponse> handler,
      HttpServerRequest req, HttpServerResponse res) {
    HttpApiResponse reply;
    QueryStringDecoder decoder = new QueryStringDecoder(req.uri());
    try {
      Map<String, String> params = req.params() == null ? Map.of() : req.params();
      reply = handler.apply(new HttpApiRequest(decoder.path(), params, decoder.parameters()));
    } catch (IllegalArgumentException e) {
      reply = HttpApiResponse.error(400, e.getMessage() == null ? e.toString() : e.getMessage());
    } catch (NoSuchElementException e) {
      reply = HttpApiResponse.error(404, e.getMessage() == null ? e.toString() : e.getMessage());
    } catch (RuntimeException e) {
      log.warn("GET {} failed: {}", req.uri(), e.toString(), e);
      reply = HttpApiResponse.error(500, e.toString());
    }
    return res.status(reply.status()).header("Content-Type", reply.contentType())
        .sendByteArray(Mono.just(reply.body())).then();
  }
}
