package io.vowstream.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** A response: status, content type and body bytes. */
public record HttpApiResponse(int status, String contentType, byte[] body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A JSON body made from maps, lists, strings, numbers, booleans and Jackson nodes. */
  public static HttpApiResponse json(int status, Object body) {
    try {
      return new HttpApiResponse(status, "application/json", JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON response: " + e.getMessage(), e);
    }
  }

  /** A plain-text body. */
  public static HttpApiResponse text(int status, String contentType, String body) {
    return new HttpApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"error": message}} with the status. */
  public static HttpApiResponse error(int status, String message) {
    return json(status, java.util.Map.of("error", message));
  }
}
