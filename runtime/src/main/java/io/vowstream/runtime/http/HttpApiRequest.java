package io.vowstream.runtime.http;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** A GET request as a handler sees it: the path, the template's parameters and the query. */
public record HttpApiRequest(String path, Map<String, String> pathParams, Map<String, List<String>> query) {
  public HttpApiRequest {
    pathParams = Map.copyOf(pathParams);
    query = Map.copyOf(query);
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
}
