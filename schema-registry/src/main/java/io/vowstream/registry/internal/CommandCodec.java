package io.vowstream.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes log records. Keys are {@code {"kind":"vowstream-registry-command","id":UUID}};
 * values are the command as a small JSON object with a {@code format} number, so records written
 * by a future version (or by another registry sharing the topic) are recognised and skipped.
 */
public final class CommandCodec {

  static final String KEY_KIND = "vowstream-registry-command";
  static final int FORMAT = 1;

  private final ObjectMapper json = new ObjectMapper();

  /** The key of a command record; unique so that compaction keeps every command. */
  public byte[] key(UUID commandId) {
    ObjectNode key = json.createObjectNode();
    key.put("kind", KEY_KIND);
    key.put("id", commandId.toString());
    return write(key);
  }

  /** The command id in a key, or null when the key is not one of ours. */
  public @Nullable String commandId(byte[] key) {
    try {
      JsonNode node = json.readTree(key);
      if (node != null && KEY_KIND.equals(node.path("kind").asText())
          && node.path("id").isTextual()) {
        return node.path("id").asText();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  public byte[] encode(RegistryCommand command) {
    ObjectNode node = json.createObjectNode();
    node.put("format", FORMAT);
    switch (command) {
      case RegistryCommand.Register r -> {
        node.put("type", "register");
        node.put("subject", r.subject());
        node.put("schema", r.schema());
      }
      case RegistryCommand.DeleteSubject d -> {
        node.put("type", "delete-subject");
        node.put("subject", d.subject());
        node.put("permanent", d.permanent());
      }
      case RegistryCommand.DeleteVersion d -> {
        node.put("type", "delete-version");
        node.put("subject", d.subject());
        node.put("version", d.version());
        node.put("permanent", d.permanent());
      }
      case RegistryCommand.SetConfig s -> {
        node.put("type", "set-config");
        node.put("subject", s.subject());
        node.put("level", s.level().name());
      }
      case RegistryCommand.DeleteConfig d -> {
        node.put("type", "delete-config");
        node.put("subject", d.subject());
      }
    }
    return write(node);
  }

  /**
   * Decodes a command value.
   *
   * @throws IllegalArgumentException naming what is wrong when the value is not a command
   */
  public RegistryCommand decode(byte[] value) {
    JsonNode node;
    try {
      node = json.readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("command record is not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("command record is not a JSON object");
    }
    int format = node.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new IllegalArgumentException("command record has format " + node.path("format")
          + ", this registry reads format " + FORMAT);
    }
    String type = node.path("type").asText("");
    return switch (type) {
      case "register" -> new RegistryCommand.Register(text(node, "subject"), text(node, "schema"));
      case "delete-subject" -> new RegistryCommand.DeleteSubject(text(node, "subject"),
          node.path("permanent").asBoolean(false));
      case "delete-version" -> new RegistryCommand.DeleteVersion(text(node, "subject"),
          node.path("version").asInt(RegistryCommand.LATEST), node.path("permanent").asBoolean());
      case "set-config" -> new RegistryCommand.SetConfig(optionalText(node, "subject"),
          CompatibilityLevel.parse(text(node, "level")).orElseThrow(
              () -> new IllegalArgumentException("command record has unknown level "
                  + node.path("level"))));
      case "delete-config" -> new RegistryCommand.DeleteConfig(optionalText(node, "subject"));
      default -> throw new IllegalArgumentException("command record has unknown type '" + type + "'");
    };
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("command record lacks text field '" + field + "'");
    }
    return value.asText();
  }

  private static @Nullable String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : text(node, field);
  }

  private byte[] write(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + node, e);
    }
  }
}
