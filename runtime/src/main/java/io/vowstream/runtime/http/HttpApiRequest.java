package io.vowstream.runtime.http;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A request as a handler sees it: the path, the template's parameters, the query, the headers
 * (lower-case names, last value wins) and the body (empty for GET).
 */
public record HttpApiRequest(String path, Map<String, String> pathParams, Map<String, List<String>> query,
    Map<String, String> headers, byte[] body) {
  public HttpApiRequest {
    pathParams = Map.copyOf(pathParams);
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  /** A GET request without headers or body. */
  public HttpApiRequest(String path, Map<String, String> pathParams, Map<String, List<String>> query) {
    this(path, pathParams, query, Map.of(), new byte[0]);
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** A header by name (case-insensitive). */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /** A path parameter of the route's template. */
  public String pathParam(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new NoSuchElementException("no path parameter '" + name + "' in " + path);
    }
    return v;
  }

  /** The first value of a query parameter, if present and non-empty. */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() || values.getFirst().isEmpty()
        ? Optional.empty() : Optional.of(values.getFirst());
  }

  /**
   * A query parameter as a long.
   *
   * @throws IllegalArgumentException naming the parameter when it is not an integer
   */
  public Optional<Long> longParam(String name) {
    return queryParam(name).map(v -> {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("query parameter '" + name + "' must be an integer, got '" + v + "'");
      }
    });
  }

  /**
   * The paging parameter {@code limit}: {@code defaultLimit} when absent.
   *
   * @throws IllegalArgumentException when it is not an integer in 1..{@code max}
   */
  public long limitParam(long defaultLimit, long max) {
    long limit = longParam("limit").orElse(defaultLimit);
    if (limit < 1 || limit > max) {
      throw new IllegalArgumentException("query parameter 'limit' must be 1.." + max + ", got " + limit);
    }
    return limit;
  }

  /**
   * An exclusive nonce bound such as {@code from}: the entries after that nonce; absent or -1 for
   * all from nonce 0.
   *
   * @throws IllegalArgumentException when it is not an integer of at least -1
   */
  public long afterNonceParam(String name) {
    long after = longParam(name).orElse(-1L);
    if (after < -1) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be -1 or a nonce, got " + after);
    }
    return after;
  }
}
