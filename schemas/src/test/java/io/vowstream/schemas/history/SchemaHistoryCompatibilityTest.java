package io.vowstream.schemas.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The build's guard against incompatible schema changes (see {@code history/README.md}): every
 * current schema must read data written with its newest release, and every release data written
 * with its predecessor.
 */
class SchemaHistoryCompatibilityTest {
  private final SchemaHistory history = SchemaHistory.ofThisModule();

  @Test
  void everyCurrentSchemaHasAHistoryNumberedFromOneWithoutGaps() throws IOException {
    List<String> names = history.currentNames();
    assertThat(names).contains("Tag", "DataItem", "Assignment", "ScheduledItem", "Result", "Rejection");
    assertThat(history.historyNames()).containsAll(names);
    for (String name : names) {
      List<Integer> versions = new ArrayList<>(history.releases(name).keySet());
      assertThat(versions)
          .as("released versions of %s in %s", name, history.historyDir.resolve(name))
          .isEqualTo(IntStream.rangeClosed(1, versions.size()).boxed().toList())
          .isNotEmpty();
    }
  }

  @Test
  void everyCurrentSchemaReadsDataWrittenWithItsNewestRelease() throws IOException {
    List<String> failures = new ArrayList<>();
    for (String name : history.currentNames()) {
      int newest = history.releases(name).lastKey();
      List<String> problems =
          SchemaHistory.backwardProblems(history.current(name), history.released(name, newest));
      if (!problems.isEmpty()) {
        failures.add(
            name + " (src/main/avro) cannot read data written with history/" + name + "/v" + newest
                + ".avsc: " + problems);
      }
    }
    assertThat(failures).as("BACKWARD-incompatible schema changes").isEmpty();
  }

  @Test
  void everyReleaseReadsDataWrittenWithItsPredecessor() throws IOException {
    List<String> failures = new ArrayList<>();
    for (String name : history.historyNames()) {
      TreeMap<Integer, ?> releases = history.releases(name);
      for (int v : releases.keySet()) {
        if (v == 1) {
          continue;
        }
        List<String> problems =
            SchemaHistory.backwardProblems(history.released(name, v), history.released(name, v - 1));
        if (!problems.isEmpty()) {
          failures.add(name + " v" + v + " cannot read v" + (v - 1) + ": " + problems);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void everyReleasedFileIsAValidSchemaOfItsOwnName() throws IOException {
    for (String name : history.historyNames()) {
      for (int v : history.releases(name).keySet()) {
        Schema s = history.released(name, v);
        assertThat(s.getFullName()).as("history/%s/v%d.avsc", name, v).isEqualTo("io.vowstream.schemas." + name);
      }
    }
  }

  // ---- The checker itself must be able to fail ------------------------------------------------

  private Map<String, String> currentSharedTexts() throws IOException {
    Map<String, String> shared = new TreeMap<>();
    for (String s : SchemaHistory.SHARED) {
      shared.put(s, Files.readString(history.currentDir.resolve(s + ".avsc")));
    }
    return shared;
  }

  @Test
  void aNewRequiredFieldWithoutDefaultIsRejected() throws IOException {
    String text = Files.readString(history.currentDir.resolve("Assignment.avsc"));
    String changed =
        text.replace(
            "{\"name\": \"variant\", \"type\": \"string\"},",
            "{\"name\": \"variant\", \"type\": \"string\"}, {\"name\": \"shard\", \"type\": \"int\"},");
    assertThat(changed).isNotEqualTo(text);
    Schema candidate = SchemaHistory.parseTexts("Assignment", changed, currentSharedTexts());

    List<String> problems =
        SchemaHistory.backwardProblems(candidate, history.released("Assignment", 1));

    assertThat(problems).singleElement().asString()
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("shard");
  }

  @Test
  void aChangedFieldTypeIsRejected() throws IOException {
    String text = Files.readString(history.currentDir.resolve("Rejection.avsc"));
    String changed = text.replace("{\"name\": \"timestamp\", \"type\": \"long\"}", "{\"name\": \"timestamp\", \"type\": \"int\"}");
    assertThat(changed).isNotEqualTo(text);

    List<String> problems =
        SchemaHistory.backwardProblems(
            SchemaHistory.parseTexts("Rejection", changed, currentSharedTexts()),
            history.released("Rejection", 1));

    assertThat(problems).singleElement().asString().contains("TYPE_MISMATCH").contains("/fields/8");
  }

  @Test
  void anIncompatibleChangeToASharedTypeIsCaughtInEverySchemaEmbeddingIt() throws IOException {
    Map<String, String> shared = currentSharedTexts();
    String tag = shared.get("Tag");
    shared.put("Tag", tag.replace("{\"name\": \"value\", \"type\": \"string\"}", "{\"name\": \"value\", \"type\": \"int\"}"));
    assertThat(shared.get("Tag")).isNotEqualTo(tag);

    for (String name : List.of("DataItem", "Assignment", "ScheduledItem", "Result")) {
      Schema candidate =
          SchemaHistory.parseTexts(name, Files.readString(history.currentDir.resolve(name + ".avsc")), shared);
      assertThat(SchemaHistory.backwardProblems(candidate, history.released(name, history.releases(name).lastKey())))
          .as(name)
          .isNotEmpty();
    }
  }

  @Test
  void compatibleChangesPass() throws IOException {
    String text = Files.readString(history.currentDir.resolve("Assignment.avsc"));
    String withDefaulted =
        text.replace(
            "{\"name\": \"variant\", \"type\": \"string\"},",
            "{\"name\": \"variant\", \"type\": \"string\"}, {\"name\": \"shard\", \"type\": \"int\", \"default\": 0},");
    String widened = text.replace("{\"name\": \"nonce\", \"type\": \"long\"}", "{\"name\": \"nonce\", \"type\": \"double\"}");
    assertThat(withDefaulted).isNotEqualTo(text);
    assertThat(widened).isNotEqualTo(text);

    Schema v1 = history.released("Assignment", 1);
    assertThat(SchemaHistory.backwardProblems(SchemaHistory.parseTexts("Assignment", withDefaulted, currentSharedTexts()), v1)).isEmpty();
    assertThat(SchemaHistory.backwardProblems(SchemaHistory.parseTexts("Assignment", widened, currentSharedTexts()), v1)).isEmpty();
  }
}
