package io.vowstream.runtime.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A running HTTP server for GET and POST routes; see the package documentation. Handlers may block
 * (a long-poll, a Kafka send): they run on Reactor's bounded-elastic pool, never on the event loop.
 */
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
    private final List<Map.Entry<String, Function<HttpApiRequest, HttpApiResponse>>> posts = new ArrayList<>();
    private int maxBodyBytes = 1 << 20;
    private java.util.function.LongFunction<HttpApiResponse> tooLarge =
        length -> HttpApiResponse.error(413, "the request body has " + length + " bytes; at most " + maxBodyBytes
            + " are accepted");

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

    /** A POST route; the handler gets the body (at most {@link #maxBodyBytes} bytes, else 413). */
    public Builder post(String template, Function<HttpApiRequest, HttpApiResponse> handler) {
      posts.add(Map.entry(template, handler));
      return this;
    }

    /** The largest POST body accepted; larger ones get 413 without reaching the handler. Default 1 MiB. */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, got " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * The answer to a POST whose body is larger than {@link #maxBodyBytes} (given its length); it is
     * refused from its {@code Content-Length} without reading the body when the header is present.
     * It may block, e.g. to record the refusal. Default: 413 with a JSON error.
     */
    public Builder tooLarge(java.util.function.LongFunction<HttpApiResponse> answer) {
      this.tooLarge = answer;
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
            .route(r -> {
              routes.forEach(e -> r.get(e.getKey(), (req, res) -> serve(e.getValue(), req, res, Mono.just(new byte[0]), null)));
              int limit = maxBodyBytes;
              java.util.function.LongFunction<HttpApiResponse> refuse = tooLarge;
              posts.forEach(e -> r.post(e.getKey(), (req, res) -> serve(e.getValue(), req, res, body(req, limit), refuse)));
            })
            .bindNow(Duration.ofSeconds(10));
        return new HttpApiServer(s);
      } catch (RuntimeException e) {
        throw new IllegalStateException("cannot serve HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The request body, or a {@link BodyTooLarge} signal when it is larger than {@code limit}: from
   * the declared {@code Content-Length} before anything is read, else after reading.
   */
  private static Mono<byte[]> body(HttpServerRequest req, int limit) {
    String declared = req.requestHeaders().get("Content-Length");
    if (declared != null) {
      try {
        long length = Long.parseLong(declared.trim());
        if (length > limit) {
          return Mono.error(new BodyTooLarge(length));
        }
      } catch (NumberFormatException e) {
        return Mono.error(new IllegalArgumentException("Content-Length '" + declared + "' is not a number"));
      }
    }
    return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
        .flatMap(b -> b.length > limit ? Mono.error(new BodyTooLarge(b.length)) : Mono.just(b));
  }

  private static final class BodyTooLarge extends RuntimeException {
    final long length;

    BodyTooLarge(long length) {
      super(null, null, false, false);
      this.length = length;
    }
  }

  private static Mono<Void> serve(Function<HttpApiRequest, HttpApiResponse> handler, HttpServerRequest req,
      HttpServerResponse res, Mono<byte[]> body, java.util.function.@Nullable LongFunction<HttpApiResponse> tooLarge) {
    QueryStringDecoder decoder = new QueryStringDecoder(req.uri());
    Map<String, String> params = req.params() == null ? Map.of() : req.params();
    Map<String, String> headers = new java.util.HashMap<>();
    req.requestHeaders().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
    return body
        .publishOn(Schedulers.boundedElastic())
        .map(bytes -> answer(() -> handler.apply(
            new HttpApiRequest(decoder.path(), params, decoder.parameters(), headers, bytes)), req))
        .onErrorResume(BodyTooLarge.class, e -> Mono.fromCallable(
                () -> answer(() -> java.util.Objects.requireNonNull(tooLarge).apply(e.length), req))
            .subscribeOn(Schedulers.boundedElastic()))
        .onErrorResume(IllegalArgumentException.class, e -> Mono.just(HttpApiResponse.error(400, String.valueOf(e.getMessage()))))
        .flatMap(reply -> res.status(reply.status()).header("Content-Type", reply.contentType())
            .sendByteArray(Mono.just(reply.body())).then());
  }

  private static HttpApiResponse answer(java.util.function.Supplier<HttpApiResponse> work, HttpServerRequest req) {
    try {
      return work.get();
    } catch (IllegalArgumentException e) {
      return HttpApiResponse.error(400, e.getMessage() == null ? e.toString() : e.getMessage());
    } catch (NoSuchElementException e) {
      return HttpApiResponse.error(404, e.getMessage() == null ? e.toString() : e.getMessage());
    } catch (RuntimeException e) {
      log.warn("{} {} failed: {}", req.method(), req.uri(), e.toString(), e);
      return HttpApiResponse.error(500, e.toString());
    }
  }
}
