package io.vowstream.schemas.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Reads the current schemas ({@code src/main/avro}) and their released versions ({@code
 * history/<Name>/vN.avsc}), and judges BACKWARD compatibility with Avro's own resolution rules.
 */
final class SchemaHistory {
  /** Shared types, in dependency order: later schemas name earlier ones. */
  static final List<String> SHARED = List.of("Tag", "DataItem", "Assignment");

  private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

  final Path currentDir;
  final Path historyDir;

  SchemaHistory(Path moduleDir) {
    this.currentDir = moduleDir.resolve("src/main/avro");
    this.historyDir = moduleDir.resolve("history");
  }

  /** The module directory: surefire runs tests there; {@code basedir} says so explicitly. */
  static SchemaHistory ofThisModule() {
    return new SchemaHistory(Path.of(System.getProperty("basedir", "")).toAbsolutePath());
  }

  /** Names of the current top-level schemas (file names without {@code .avsc}). */
  List<String> currentNames() throws IOException {
    try (Stream<Path> files = Files.list(currentDir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".avsc"))
          .map(n -> n.substring(0, n.length() - ".avsc".length()))
          .sorted()
          .toList();
    }
  }

  /** Names that have a history directory. */
  List<String> historyNames() throws IOException {
    try (Stream<Path> dirs = Files.list(historyDir)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The released version files of {@code name}, by version number. */
  TreeMap<Integer, Path> releases(String name) throws IOException {
    TreeMap<Integer, Path> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(historyDir.resolve(name))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Matcher m = VERSION_FILE.matcher(f.getFileName().toString());
        if (m.matches()) {
          out.put(Integer.parseInt(m.group(1)), f);
        }
      }
    }
    return out;
  }

  /** The current schema of {@code name}, parsed with the current shared types. */
  Schema current(String name) throws IOException {
    Map<String, Path> shared = new TreeMap<>();
    for (String s : SHARED) {
      shared.put(s, currentDir.resolve(s + ".avsc"));
    }
    return parse(name, Files.readString(currentDir.resolve(name + ".avsc")), shared);
  }

  /** Released version {@code version} of {@code name}, parsed with the newest released shared types. */
  Schema released(String name, int version) throws IOException {
    Map<String, Path> shared = new TreeMap<>();
    for (String s : SHARED) {
      shared.put(s, releases(s).lastEntry().getValue());
    }
    return parse(name, Files.readString(releases(name).get(version)), shared);
  }

  /**
   * Parses {@code text} (the schema {@code name}) after the shared types it may name, so that a
   * change in a shared type shows up in every schema that embeds it.
   */
  static Schema parse(String name, String text, Map<String, Path> sharedFiles) throws IOException {
    Map<String, String> sharedTexts = new TreeMap<>();
    for (Map.Entry<String, Path> e : sharedFiles.entrySet()) {
      sharedTexts.put(e.getKey(), Files.readString(e.getValue()));
    }
    return parseTexts(name, text, sharedTexts);
  }

  static Schema parseTexts(String name, String text, Map<String, String> sharedTexts) {
    Schema.Parser parser = new Schema.Parser();
    for (String s : SHARED) {
      if (s.equals(name)) {
        break;
      }
      parser.parse(sharedTexts.get(s));
    }
    return parser.parse(text);
  }

  /** Why {@code reader} cannot read data written with {@code writer}; empty when it can. */
  static List<String> backwardProblems(Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    List<String> problems = new ArrayList<>();
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      for (Incompatibility i : result.getResult().getIncompatibilities()) {
        problems.add(i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
      }
    }
    return problems;
  }
}
