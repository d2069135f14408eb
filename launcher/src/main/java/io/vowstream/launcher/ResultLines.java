package io.vowstream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.schemas.Result;

/** One-line descriptions of results, for the console. */
final class ResultLines {
  private ResultLines() {}

  /** A result as the CU's HTTP API returns it. */
  static String describe(JsonNode r) {
    StringBuilder b = new StringBuilder("result ");
    b.append(text(r, "process_id", "processId")).append(" #").append(text(r, "nonce", "nonce"));
    JsonNode error = field(r, "error", "Error");
    if (error != null && !error.isNull()) {
      b.append("  ERROR ").append(error.isObject() ? text(error, "code", "code") + ": " + text(error, "message", "message")
          : error.asText());
    } else {
      JsonNode output = field(r, "output", "Output");
      b.append("  ").append(output == null || output.isNull() ? "(no output)" : output.asText());
    }
    appendOutbox(b, field(r, "messages", "Messages"), "message");
    appendOutbox(b, field(r, "spawns", "Spawns"), "spawn");
    return b.toString();
  }

  /** A result read from the results topic. */
  static String describe(Result r) {
    StringBuilder b = new StringBuilder();
    b.append(abbreviate(r.getProcessId())).append(" #").append(r.getNonce());
    if (r.getCron() != null) {
      b.append(" cron ").append(r.getCron()); // a tick carries the nonce of the message before it
    }
    b.append(' ');
    if (r.getError() != null) {
      b.append("ERROR ").append(r.getError().getCode()).append(": ").append(r.getError().getMessage());
    } else {
      b.append(r.getOutput() == null ? "(no output)" : r.getOutput());
    }
    if (!r.getMessages().isEmpty()) {
      b.append("  → ").append(r.getMessages().size()).append(r.getMessages().size() == 1 ? " message" : " messages");
    }
    if (!r.getSpawns().isEmpty()) {
      b.append("  → ").append(r.getSpawns().size()).append(r.getSpawns().size() == 1 ? " spawn" : " spawns");
    }
    return b.toString();
  }

  static String abbreviate(String id) {
    return id.length() <= 10 ? id : id.substring(0, 8) + "…";
  }

  private static void appendOutbox(StringBuilder b, JsonNode list, String noun) {
    if (list != null && list.isArray() && !list.isEmpty()) {
      b.append("  → ").append(list.size()).append(' ').append(noun).append(list.size() == 1 ? "" : "s");
    }
  }

  private static JsonNode field(JsonNode r, String a, String b) {
    return r.has(a) ? r.get(a) : r.get(b);
  }

  private static String text(JsonNode r, String a, String b) {
    JsonNode n = field(r, a, b);
    return n == null || n.isNull() ? "?" : n.asText();
  }
}
