package io.vowstream.registry.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Parsing, canonical text and compatibility checks for Avro schemas. */
public final class AvroSchemas {

  private AvroSchemas() {}

  /** A parsed schema and the text the registry stores and compares. */
  public record Parsed(Schema schema, String canonical) {}

  /**
   * Parses a schema as a client sent it. The canonical text is Avro's own JSON rendering, which
   * is what Confluent stores and compares too: whitespace and attribute order stop mattering,
   * while docs, defaults and aliases still count.
   *
   * @throws IllegalArgumentException with Avro's explanation when the text is not a valid schema
   */
  public static Parsed parse(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("the schema is empty");
    }
    try {
      // A fresh parser each time: a parser remembers named types across calls.
      Schema schema = new Schema.Parser().parse(text);
      return new Parsed(schema, schema.toString());
    } catch (RuntimeException e) {
      // SchemaParseException mostly, but Avro reports some inputs (bad defaults) otherwise.
      throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  /**
   * Checks {@code candidate} against {@code previous} (oldest first) under {@code level}, and
   * returns a description of every problem; empty means compatible.
   */
  public static List<String> problems(CompatibilityLevel level, Schema candidate,
      List<Versioned> previous) {
    if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
      return List.of();
    }
    List<Versioned> against = level.transitive() ? previous : List.of(previous.getLast());
    List<String> problems = new ArrayList<>();
    // Newest first, so the most relevant problem is reported first.
    for (Versioned earlier : against.reversed()) {
      if (level.newReadsOld()) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier.schema()),
            "the new schema cannot read data written with version " + earlier.version(), problems);
      }
      if (level.oldReadsNew()) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(earlier.schema(), candidate),
            "version " + earlier.version() + " cannot read data written with the new schema",
            problems);
      }
    }
    return problems;
  }

  /** An earlier schema of a subject. */
  public record Versioned(int version, Schema schema) {}

  private static void describe(SchemaPairCompatibility result, String direction, List<String> out) {
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    List<Incompatibility> found = result.getResult().getIncompatibilities();
    if (found.isEmpty()) {
      out.add(direction + " (" + result.getDescription() + ")");
      return;
    }
    for (Incompatibility i : found) {
      out.add(direction + ": " + i.getType() + " at " + i.getLocation() + " - " + i.getMessage());
    }
  }
}
