package io.vowstream.schemas.registry;

import static io.vowstream.schemas.registry.ClientArguments.requireSubject;
import static io.vowstream.schemas.registry.ClientArguments.requireVersion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SchemaRegistryClient} speaking the Confluent Schema Registry REST API over {@link
 * HttpClient}.
 *
 * <p>Ids resolved to schemas and (subject, schema) pairs resolved to ids never change in a
 * registry, so both are cached (bounded, least recently used first out); a second lookup makes no
 * HTTP call. Failed lookups are not cached. Latest versions, subject lists and configuration are
 * always fetched, since they change.
 *
 * <p>With several base URLs, a request goes to the first one that answers; a URL that cannot be
 * reached is skipped, but an error answer from a reachable registry is final.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  /** The media type the registry expects for request bodies. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /** The media types this client accepts, newest API version first. */
  public static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json,"
          + " application/json";

  /** Default bound on each of the two caches. */
  public static final int DEFAULT_CACHE_CAPACITY = 1000;

  /** Default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default timeout for one request, from sending to the end of the response. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final int MAX_ERROR_BODY_CHARS = 300;

  private final List<URI> baseUrls;
  private final HttpClient http;
  private final boolean ownsHttpClient;
  private final @Nullable String authorization;
  private final Duration requestTimeout;
  private final ObjectMapper json = new ObjectMapper();
  private final BoundedCache<Integer, Schema> schemasById;
  private final BoundedCache<SubjectSchema, Integer> idsBySubjectSchema;

  private record SubjectSchema(String subject, Schema schema) {}

  private HttpSchemaRegistryClient(Builder builder) {
    if (builder.urls.isEmpty()) {
      throw new IllegalArgumentException("at least one schema registry URL is required");
    }
    this.baseUrls = builder.urls.stream().map(HttpSchemaRegistryClient::baseUrl).toList();
    if (builder.httpClient != null) {
      this.http = builder.httpClient;
      this.ownsHttpClient = false;
    } else {
      HttpClient.Builder b =
          HttpClient.newBuilder()
              .connectTimeout(builder.connectTimeout)
              .followRedirects(HttpClient.Redirect.NORMAL);
      if (builder.executor != null) {
        b.executor(builder.executor);
      }
      this.http = b.build();
      this.ownsHttpClient = true;
    }
    this.authorization =
        builder.basicAuthUserInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(builder.basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = builder.requestTimeout;
    this.schemasById = new BoundedCache<>(builder.cacheCapacity);
    this.idsBySubjectSchema = new BoundedCache<>(builder.cacheCapacity);
  }

  /** A builder for a client of the registry at {@code urls} (tried in order). */
  public static Builder builder(List<String> urls) {
    return new Builder(urls);
  }

  /** A builder for a client of the registry at {@code urls} (tried in order). */
  public static Builder builder(String... urls) {
    return new Builder(List.of(urls));
  }

  /** The base URLs, in the order they are tried. */
  public List<URI> baseUrls() {
    return baseUrls;
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(requireSubject(subject), schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    JsonNode answer =
        send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    int id = requiredInt(answer, "id", "register under subject '" + subject + "'");
    idsBySubjectSchema.put(key, id);
    schemasById.put(id, schema);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("GET", "/schemas/ids/" + id, null);
    Schema schema = parseSchema(answer, "schema id " + id);
    schemasById.put(id, schema);
    return schema;
  }

  @Override
  public int id(String subject, Schema schema) {
    Integer cached = idsBySubjectSchema.get(new SubjectSchema(requireSubject(subject), schema));
    if (cached != null) {
      return cached;
    }
    return lookup(subject, schema).id();
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    JsonNode answer =
        send("POST", "/subjects/" + encode(requireSubject(subject)), schemaBody(schema));
    RegisteredSchema found = registered(answer, subject, "lookup in subject '" + subject + "'");
    idsBySubjectSchema.put(new SubjectSchema(subject, schema), found.id());
    schemasById.put(found.id(), found.schema());
    return found;
  }

  @Override
  public RegisteredSchema latestVersion(String subject) {
    return fetchVersion(subject, "latest");
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return fetchVersion(subject, Integer.toString(requireVersion(version)));
  }

  private RegisteredSchema fetchVersion(String subject, String version) {
    JsonNode answer =
        send("GET", "/subjects/" + encode(requireSubject(subject)) + "/versions/" + version, null);
    RegisteredSchema found =
        registered(answer, subject, "version " + version + " of subject '" + subject + "'");
    schemasById.put(found.id(), found.schema());
    return found;
  }

  @Override
  public List<String> subjects() {
    JsonNode answer = send("GET", "/subjects", null);
    List<String> subjects = new ArrayList<>();
    for (JsonNode n : requireArray(answer, "the subject list")) {
      subjects.add(n.asText());
    }
    return List.copyOf(subjects);
  }

  @Override
  public List<Integer> versions(String subject) {
    JsonNode answer =
        send("GET", "/subjects/" + encode(requireSubject(subject)) + "/versions", null);
    return intList(answer, "the versions of subject '" + subject + "'");
  }

  @Override
  public CompatibilityResult testCompatibility(String subject, Schema schema) {
    return compatibility(subject, "latest", schema);
  }

  @Override
  public CompatibilityResult testCompatibility(String subject, int version, Schema schema) {
    return compatibility(subject, Integer.toString(requireVersion(version)), schema);
  }

  private CompatibilityResult compatibility(String subject, String version, Schema schema) {
    JsonNode answer =
        send(
            "POST",
            "/compatibility/subjects/"
                + encode(requireSubject(subject))
                + "/versions/"
                + version
                + "?verbose=true",
            schemaBody(schema));
    JsonNode flag = answer.get("is_compatible");
    if (flag == null || !flag.isBoolean()) {
      throw malformed("compatibility check of subject '" + subject + "'", "is_compatible", answer);
    }
    List<String> messages = new ArrayList<>();
    JsonNode list = answer.get("messages");
    if (list != null && list.isArray()) {
      list.forEach(m -> messages.add(m.asText()));
    }
    return new CompatibilityResult(flag.booleanValue(), messages);
  }

  @Override
  public CompatibilityLevel globalCompatibility() {
    return level(send("GET", "/config", null), "the global configuration");
  }

  @Override
  public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
    return level(send("PUT", "/config", levelBody(level)), "the global configuration");
  }

  @Override
  public CompatibilityLevel compatibility(String subject) {
    return level(
        send("GET", "/config/" + encode(requireSubject(subject)) + "?defaultToGlobal=true", null),
        "the configuration of subject '" + subject + "'");
  }

  @Override
  public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
    return level(
        send("PUT", "/config/" + encode(requireSubject(subject)), levelBody(level)),
        "the configuration of subject '" + subject + "'");
  }

  @Override
  public List<Integer> deleteSubject(String subject, boolean permanent) {
    JsonNode answer =
        send(
            "DELETE",
            "/subjects/" + encode(requireSubject(subject)) + (permanent ? "?permanent=true" : ""),
            null);
    // A re-registration after deletion may get a new version; drop what we knew of the subject.
    idsBySubjectSchema.removeKeysIf(k -> k.subject().equals(subject));
    return intList(answer, "the deleted versions of subject '" + subject + "'");
  }

  @Override
  public void close() {
    if (ownsHttpClient) {
      http.close();
    }
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private JsonNode send(String method, String pathAndQuery, @Nullable String body) {
    List<String> unreachable = new ArrayList<>();
    IOException lastFailure = null;
    for (URI base : baseUrls) {
      URI uri = URI.create(base + pathAndQuery);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", ACCEPT);
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      if (body != null) {
        request
            .header("Content-Type", CONTENT_TYPE)
            .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response;
      try {
        response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        unreachable.add(base + " (" + e + ")");
        lastFailure = e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            "Interrupted during schema registry request " + method + " " + uri,
            SchemaRegistryException.NO_STATUS,
            SchemaRegistryException.NO_STATUS,
            e);
      }
      return answer(method, uri, response);
    }
    throw new SchemaRegistryException(
        "Schema registry request " + method + " " + pathAndQuery + " reached no registry: "
            + String.join("; ", unreachable),
        SchemaRegistryException.NO_STATUS,
        SchemaRegistryException.NO_STATUS,
        lastFailure);
  }

  private JsonNode answer(String method, URI uri, HttpResponse<String> response) {
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    JsonNode parsed = null;
    try {
      parsed = text.isBlank() ? null : json.readTree(text);
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    if (status >= 200 && status < 300) {
      if (parsed == null) {
        throw new SchemaRegistryException(
            "Schema registry " + method + " " + uri + " answered HTTP " + status
                + " with a body that is not JSON: " + abbreviate(text),
            SchemaRegistryException.NO_STATUS,
            SchemaRegistryException.NO_STATUS);
      }
      return parsed;
    }
    int errorCode = status;
    String message = abbreviate(text);
    if (parsed != null && parsed.isObject()) {
      JsonNode code = parsed.get("error_code");
      if (code != null && code.canConvertToInt()) {
        errorCode = code.intValue();
      }
      JsonNode msg = parsed.get("message");
      if (msg != null && msg.isTextual()) {
        message = msg.textValue();
      }
    }
    throw new SchemaRegistryException(
        "Schema registry " + method + " " + uri + " failed with HTTP " + status + ", error code "
            + errorCode + ": " + message,
        status,
        errorCode);
  }

  // ---- JSON ---------------------------------------------------------------------------------

  private String schemaBody(Schema schema) {
    ObjectNode body = json.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private String levelBody(CompatibilityLevel level) {
    ObjectNode body = json.createObjectNode();
    body.put("compatibility", level.name());
    return body.toString();
  }

  private RegisteredSchema registered(JsonNode answer, String subject, String what) {
    int id = requiredInt(answer, "id", what);
    int version = requiredInt(answer, "version", what);
    JsonNode s = answer.get("subject");
    String name = s != null && s.isTextual() ? s.textValue() : subject;
    return new RegisteredSchema(name, version, id, parseSchema(answer, what));
  }

  private Schema parseSchema(JsonNode answer, String what) {
    JsonNode type = answer.get("schemaType");
    if (type != null && type.isTextual() && !"AVRO".equalsIgnoreCase(type.textValue())) {
      throw new SchemaRegistryException(
          "The registry's " + what + " is a " + type.textValue()
              + " schema; only AVRO schemas are supported",
          SchemaRegistryException.NO_STATUS,
          SchemaRegistryException.NO_STATUS);
    }
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw malformed(what, "schema", answer);
    }
    try {
      return new Schema.Parser().parse(text.textValue());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "The registry's " + what + " is not a valid Avro schema: " + e.getMessage(),
          SchemaRegistryException.NO_STATUS,
          SchemaRegistryException.NO_STATUS,
          e);
    }
  }

  private CompatibilityLevel level(JsonNode answer, String what) {
    // GET answers {"compatibilityLevel": ...}, PUT answers {"compatibility": ...}.
    JsonNode level = answer.get("compatibilityLevel");
    if (level == null) {
      level = answer.get("compatibility");
    }
    if (level == null || !level.isTextual()) {
      throw malformed(what, "compatibilityLevel", answer);
    }
    try {
      return CompatibilityLevel.parse(level.textValue());
    } catch (IllegalArgumentException e) {
      throw new SchemaRegistryException(
          "The registry's " + what + ": " + e.getMessage(),
          SchemaRegistryException.NO_STATUS,
          SchemaRegistryException.NO_STATUS,
          e);
    }
  }

  private static int requiredInt(JsonNode answer, String field, String what) {
    JsonNode n = answer.get(field);
    if (n == null || !n.canConvertToInt()) {
      throw malformed(what, field, answer);
    }
    return n.intValue();
  }

  private static JsonNode requireArray(JsonNode answer, String what) {
    if (!answer.isArray()) {
      throw new SchemaRegistryException(
          "Expected a JSON array for " + what + " but the registry sent "
              + abbreviate(answer.toString()),
          SchemaRegistryException.NO_STATUS,
          SchemaRegistryException.NO_STATUS);
    }
    return answer;
  }

  private static List<Integer> intList(JsonNode answer, String what) {
    List<Integer> values = new ArrayList<>();
    for (JsonNode n : requireArray(answer, what)) {
      values.add(n.asInt());
    }
    return List.copyOf(values);
  }

  private static SchemaRegistryException malformed(String what, String field, JsonNode answer) {
    return new SchemaRegistryException(
        "The registry's answer for " + what + " lacks a valid '" + field + "': "
            + abbreviate(answer.toString()),
        SchemaRegistryException.NO_STATUS,
        SchemaRegistryException.NO_STATUS);
  }

  private static String abbreviate(String text) {
    return text.length() <= MAX_ERROR_BODY_CHARS
        ? text
        : text.substring(0, MAX_ERROR_BODY_CHARS) + "…";
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }



  private static URI baseUrl(String url) {
    String trimmed = url.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid schema registry URL '" + url + "'", e);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          "schema registry URL '" + url + "' must start with http:// or https://");
    }
    return uri;
  }

  /** Settings for an {@link HttpSchemaRegistryClient}. */
  public static final class Builder {
    private final List<String> urls;
    private @Nullable String basicAuthUserInfo;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int cacheCapacity = DEFAULT_CACHE_CAPACITY;
    private @Nullable HttpClient httpClient;
    private @Nullable Executor executor;

    private Builder(List<String> urls) {
      List<String> cleaned = new ArrayList<>();
      for (String url : urls) {
        if (url != null && !url.isBlank()) {
          cleaned.add(url);
        }
      }
      this.urls = List.copyOf(cleaned);
    }

    /** HTTP basic authentication as {@code user:password}. */
    public Builder basicAuthUserInfo(@Nullable String userInfo) {
      if (userInfo != null && !userInfo.contains(":")) {
        throw new IllegalArgumentException("basic auth user info must be 'user:password'");
      }
      this.basicAuthUserInfo = userInfo == null || userInfo.isEmpty() ? null : userInfo;
      return this;
    }

    /** How long to wait for a connection; ignored with {@link #httpClient}. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /** How long one request may take. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "request timeout");
      return this;
    }

    /** The bound on each cache (ids to schemas, subject and schema to id). */
    public Builder cacheCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("cache capacity must be at least 1, was " + capacity);
      }
      this.cacheCapacity = capacity;
      return this;
    }

    /** Use this HTTP client (not closed by {@link #close()}) instead of building one. */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "httpClient");
      return this;
    }

    /** The executor of the HTTP client this builder creates. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public HttpSchemaRegistryClient build() {
      return new HttpSchemaRegistryClient(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
