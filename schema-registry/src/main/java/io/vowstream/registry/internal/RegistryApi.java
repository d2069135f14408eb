package io.vowstream.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vowstream.registry.internal.RegistryService.VersionView;
import io.vowstream.registry.internal.RegistryState.StoredSchema;
import io.vowstream.registry.internal.RegistryState.SubjectVersion;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API as a plain function from (method, URI, body) to a reply,
 * so the routing can be exercised without a socket. Unknown query parameters are ignored, as
 * clients send several (normalize, deleted, fetchMaxId, ...) that change nothing here.
 */
public final class RegistryApi {

  /** The content type Confluent answers with; its clients also accept plain JSON. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(RegistryApi.class);

  private final RegistryService service;
  private final ObjectMapper json = new ObjectMapper();

  public RegistryApi(RegistryService service) {
    this.service = service;
  }

  /** A reply to send: status and JSON body. */
  public record Reply(int status, byte[] body) {}

  /** Answers one request; never throws. */
  public Reply handle(String method, String uri, byte[] body) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : parseQuery(uri.substring(q + 1));
    try {
      return new Reply(200, write(route(method.toUpperCase(Locale.ROOT), path, segments(path),
          query, body)));
    } catch (RegistryError.RegistryException e) {
      return error(e.error());
    } catch (RuntimeException e) {
      LOG.error("Request {} {} failed", method, uri, e);
      return error(RegistryError.storeError(e.toString()));
    }
  }

  private Object route(String method, String path, List<String> p, Map<String, String> query,
      byte[] body) {
    int n = p.size();
    String first = n > 0 ? p.get(0) : "";
    switch (first) {
      case "" -> {
        if (n == 0) {
          return only(method, "GET", path, json.createObjectNode());
        }
      }
      case "schemas" -> {
        if (n == 1) {
          requireMethod(method, "GET", path);
          return versionsJson(service.allLiveVersions());
        }
        if (n == 2 && p.get(1).equals("types")) {
          return only(method, "GET", path, List.of("AVRO"));
        }
        if (n >= 3 && n <= 4 && p.get(1).equals("ids")) {
          requireMethod(method, "GET", path);
          String id = p.get(2);
          if (n == 3) {
            ObjectNode out = json.createObjectNode();
            out.put("schema", service.schemaById(id).canonical());
            return out;
          }
          switch (p.get(3)) {
            case "schema" -> {
              return raw(service.schemaById(id));
            }
            case "versions" -> {
              ArrayNode out = json.createArrayNode();
              for (SubjectVersion v : service.usesOf(id)) {
                out.addObject().put("subject", v.subject()).put("version", v.version());
              }
              return out;
            }
            case "subjects" -> {
              return service.usesOf(id).stream().map(SubjectVersion::subject).distinct().toList();
            }
            default -> { }
          }
        }
      }
      case "subjects" -> {
        return subjects(method, path, p, query, body);
      }
      case "compatibility" -> {
        if ((n == 4 || n == 5) && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
          requireMethod(method, "POST", path);
          SchemaRequest request = schemaRequest(body);
          RegistryService.CompatibilityReport report =
              service.testCompatibility(p.get(2), n == 5 ? p.get(4) : null, request.schema());
          ObjectNode out = json.createObjectNode();
          out.put("is_compatible", report.compatible());
          if (flag(query, "verbose")) {
            ArrayNode messages = out.putArray("messages");
            report.messages().forEach(messages::add);
          }
          return out;
        }
      }
      case "config" -> {
        if (n == 1 || n == 2) {
          return config(method, path, n == 2 ? p.get(1) : null, query, body);
        }
      }
      case "mode" -> {
        if (n == 1 || n == 2) {
          ObjectNode out = json.createObjectNode();
          out.put("mode", "READWRITE");
          return only(method, "GET", path, out);
        }
      }
      default -> { }
    }
    throw RegistryError.notFound(path).exception();
  }

  private Object subjects(String method, String path, List<String> p, Map<String, String> query,
      byte[] body) {
    int n = p.size();
    if (n == 1) {
      return only(method, "GET", path, service.subjects());
    }
    String subject = p.get(1);
    if (n == 2) {
      return switch (method) {
        case "POST" -> {
          SchemaRequest request = schemaRequest(body);
          yield versionJson(service.lookup(subject, request.schema()));
        }
        case "DELETE" -> service.deleteSubject(subject, flag(query, "permanent"));
        default -> throw RegistryError.methodNotAllowed(method, path).exception();
      };
    }
    if (!p.get(2).equals("versions")) {
      throw RegistryError.notFound(path).exception();
    }
    if (n == 3) {
      return switch (method) {
        case "GET" -> service.versions(subject);
        case "POST" -> {
          SchemaRequest request = schemaRequest(body);
          ObjectNode out = json.createObjectNode();
          out.put("id", service.register(subject, request.schema()));
          yield out;
        }
        default -> throw RegistryError.methodNotAllowed(method, path).exception();
      };
    }
    String version = p.get(3);
    if (n == 4) {
      return switch (method) {
        case "GET" -> versionJson(service.version(subject, version));
        case "DELETE" -> service.deleteVersion(subject, version, flag(query, "permanent"));
        default -> throw RegistryError.methodNotAllowed(method, path).exception();
      };
    }
    if (n == 5 && p.get(4).equals("schema")) {
      requireMethod(method, "GET", path);
      return raw(service.version(subject, version).schema());
    }
    if (n == 5 && p.get(4).equals("referencedby")) {
      return only(method, "GET", path, service.referencedBy(subject, version));
    }
    throw RegistryError.notFound(path).exception();
  }

  private Object config(String method, String path, @Nullable String subject,
      Map<String, String> query, byte[] body) {
    return switch (method) {
      case "GET" -> {
        CompatibilityLevel level = subject == null ? service.globalLevel()
            : service.subjectLevel(subject, flag(query, "defaultToGlobal"));
        yield json.createObjectNode().put("compatibilityLevel", level.name());
      }
      case "PUT" -> {
        JsonNode request = object(body);
        JsonNode level = request.get("compatibility");
        if (level == null || !level.isTextual()) {
          throw RegistryError.invalidCompatibilityLevel(String.valueOf(level)).exception();
        }
        yield json.createObjectNode()
            .put("compatibility", service.setLevel(subject, level.asText()).name());
      }
      case "DELETE" -> json.createObjectNode()
          .put("compatibilityLevel", service.deleteLevel(subject).name());
      default -> throw RegistryError.methodNotAllowed(method, path).exception();
    };
  }

  // ---- request bodies ------------------------------------------------------------------------

  private record SchemaRequest(String schema) {}

  private SchemaRequest schemaRequest(byte[] body) {
    JsonNode request = object(body);
    JsonNode type = request.get("schemaType");
    if (type != null && !type.isNull() && !type.asText().equalsIgnoreCase("AVRO")) {
      throw RegistryError.invalidSchema("schema type " + type.asText()
          + " not supported; this registry only stores AVRO schemas").exception();
    }
    JsonNode references = request.get("references");
    if (references != null && !references.isNull()
        && !(references.isArray() && references.isEmpty())) {
      throw RegistryError.invalidSchema("schema references are not supported").exception();
    }
    JsonNode schema = request.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw RegistryError.invalidSchema(
          "the request needs a \"schema\" field holding the schema as a JSON string").exception();
    }
    return new SchemaRequest(schema.asText());
  }

  private JsonNode object(byte[] body) {
    if (body.length == 0) {
      throw RegistryError.badRequest("the request has no body; a JSON object was expected")
          .exception();
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (IOException e) {
      String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
      throw RegistryError.badRequest("the request body is not valid JSON: " + detail).exception();
    }
    if (node == null || !node.isObject()) {
      throw RegistryError.badRequest("the request body must be a JSON object").exception();
    }
    return node;
  }

  // ---- responses -----------------------------------------------------------------------------

  private ObjectNode versionJson(VersionView v) {
    ObjectNode out = json.createObjectNode();
    out.put("subject", v.subject());
    out.put("version", v.version());
    out.put("id", v.id());
    out.put("schema", v.schema());
    return out;
  }

  private ArrayNode versionsJson(List<VersionView> views) {
    ArrayNode out = json.createArrayNode();
    views.forEach(v -> out.add(versionJson(v)));
    return out;
  }

  /** The schema itself as the body, not wrapped in an object. */
  private JsonNode raw(StoredSchema schema) {
    return raw(schema.canonical());
  }

  private JsonNode raw(String canonical) {
    try {
      return json.readTree(canonical);
    } catch (IOException e) {
      throw RegistryError.storeError("stored schema is not JSON: " + e.getMessage()).exception();
    }
  }

  private Reply error(RegistryError error) {
    ObjectNode out = json.createObjectNode();
    out.put("error_code", error.errorCode());
    out.put("message", error.message());
    return new Reply(error.httpStatus(), write(out));
  }

  private byte[] write(Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value, e);
    }
  }

  private static <T> T only(String method, String allowed, String path, T result) {
    requireMethod(method, allowed, path);
    return result;
  }

  private static void requireMethod(String method, String allowed, String path) {
    if (!method.equals(allowed)) {
      throw RegistryError.methodNotAllowed(method, path).exception();
    }
  }

  private static boolean flag(Map<String, String> query, String name) {
    return Boolean.parseBoolean(query.getOrDefault(name, "false"));
  }

  // ---- URI parsing ---------------------------------------------------------------------------

  /** Path segments, percent-decoded one by one so that an encoded '/' stays inside a subject. */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        out.add(decode(part));
      }
    }
    return out;
  }

  static Map<String, String> parseQuery(String query) {
    Map<String, String> out = new HashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
      out.putIfAbsent(key, value);
    }
    return out;
  }

  private static String decode(String segment) {
    // In a path '+' is a literal plus, unlike in a form-encoded query.
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment; // a stray '%': take the segment literally rather than fail the request
    }
  }

  private static String decodeQuery(String part) {
    try {
      return URLDecoder.decode(part, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return part;
    }
  }
}
