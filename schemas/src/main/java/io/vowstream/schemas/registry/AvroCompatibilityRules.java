package io.vowstream.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** Applies a {@link CompatibilityLevel} with Avro's reader/writer resolution rules. */
final class AvroCompatibilityRules {
  private AvroCompatibilityRules() {}

  /**
   * The reasons {@code candidate} breaks {@code level} against {@code previous} (oldest first);
   * empty when it is compatible.
   */
  static List<String> problems(CompatibilityLevel level, Schema candidate, List<Schema> previous) {
    List<String> problems = new ArrayList<>();
    if (previous.isEmpty() || level == CompatibilityLevel.NONE) {
      return problems;
    }
    int first = level.transitive() ? 0 : previous.size() - 1;
    for (int i = first; i < previous.size(); i++) {
      Schema old = previous.get(i);
      String which = "version " + (i + 1) + " of " + previous.size();
      if (level.checksBackward()) {
        problems.addAll(readProblems(candidate, old, "cannot read data written with " + which));
      }
      if (level.checksForward()) {
        problems.addAll(readProblems(old, candidate, which + " cannot read data written with it"));
      }
    }
    return problems;
  }

  private static List<String> readProblems(Schema reader, Schema writer, String what) {
    SchemaCompatibility.SchemaPairCompatibility pair =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    List<String> out = new ArrayList<>();
    if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return out;
    }
    for (Incompatibility i : pair.getResult().getIncompatibilities()) {
      out.add(
          what + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")");
    }
    return out;
  }
}
