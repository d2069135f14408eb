package io.vowstream.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.registry.internal.AvroSchemas.Versioned;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvroSchemasTest {

  private static String record(String... fields) {
    return "{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + String.join(",", fields) + "]}";
  }

  private static final String ID = "{\"name\":\"id\",\"type\":\"long\"}";
  private static final String NAME = "{\"name\":\"name\",\"type\":\"string\"}";
  private static final String NAME_DEFAULT = "{\"name\":\"name\",\"type\":\"string\",\"default\":\"x\"}";

  private static List<Versioned> history(String... schemas) {
    List<Versioned> out = new ArrayList<>();
    for (int i = 0; i < schemas.length; i++) {
      out.add(new Versioned(i + 1, AvroSchemas.parse(schemas[i]).schema()));
    }
    return out;
  }

  private static boolean accepts(String level, String candidate, String... history) {
    return AvroSchemas.problems(CompatibilityLevel.valueOf(level),
        AvroSchemas.parse(candidate).schema(), history(history)).isEmpty();
  }

  @Test
  void canonicalTextIgnoresSpellingButKeepsMeaning() {
    AvroSchemas.Parsed a = AvroSchemas.parse("{ \"fields\":[ {\"type\":\"long\",\"name\":\"id\"}],"
        + " \"name\":\"R\", \"type\":\"record\" }");
    assertThat(a.canonical()).isEqualTo(record(ID));
    assertThat(AvroSchemas.parse(record(NAME_DEFAULT)).canonical())
        .isNotEqualTo(AvroSchemas.parse(record(NAME)).canonical());
    assertThat(AvroSchemas.parse("\"string\"").canonical()).isEqualTo("\"string\"");
  }

  @Test
  void invalidSchemasAreRejectedWithAvrosReason() {
    assertThatThrownBy(() -> AvroSchemas.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> AvroSchemas.parse("{\"type\":\"nope\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"type\"");
    assertThatThrownBy(() -> AvroSchemas.parse("not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsingTwiceDoesNotClashOnNamedTypes() {
    Schema first = AvroSchemas.parse(record(ID)).schema();
    Schema second = AvroSchemas.parse(record(ID)).schema();
    assertThat(first).isEqualTo(second);
  }

  // Adding a field without a default: old readers cope, new readers cannot read old data.
  @ParameterizedTest
  @CsvSource({"NONE,true", "BACKWARD,false", "BACKWARD_TRANSITIVE,false", "FORWARD,true",
      "FORWARD_TRANSITIVE,true", "FULL,false", "FULL_TRANSITIVE,false"})
  void addingAFieldWithoutDefault(String level, boolean accepted) {
    assertThat(accepts(level, record(ID, NAME), record(ID))).isEqualTo(accepted);
  }

  // Removing a field that old readers need: new readers cope, old readers cannot.
  @ParameterizedTest
  @CsvSource({"NONE,true", "BACKWARD,true", "BACKWARD_TRANSITIVE,true", "FORWARD,false",
      "FORWARD_TRANSITIVE,false", "FULL,false", "FULL_TRANSITIVE,false"})
  void removingAFieldWithoutDefault(String level, boolean accepted) {
    assertThat(accepts(level, record(ID), record(ID, NAME))).isEqualTo(accepted);
  }

  @ParameterizedTest
  @CsvSource({"NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
      "FULL_TRANSITIVE"})
  void addingAFieldWithADefaultPassesEveryLevel(String level) {
    assertThat(accepts(level, record(ID, NAME_DEFAULT), record(ID))).isTrue();
  }

  @Test
  void changingATypeFailsEveryLevelButNone() {
    String asLong = record(ID);
    String asString = record("{\"name\":\"id\",\"type\":\"string\"}");
    for (CompatibilityLevel level : CompatibilityLevel.values()) {
      assertThat(accepts(level.name(), asString, asLong))
          .as(level.name()).isEqualTo(level == CompatibilityLevel.NONE);
    }
  }

  // Each chain passes against its latest version and fails against its first.
  @Test
  void transitiveLevelsLookPastTheLatestVersion() {
    assertThat(accepts("BACKWARD", record(ID, NAME), record(ID), record(ID, NAME_DEFAULT)))
        .isTrue();
    assertThat(accepts("BACKWARD_TRANSITIVE", record(ID, NAME), record(ID),
        record(ID, NAME_DEFAULT))).isFalse();
    assertThat(accepts("FORWARD", record(ID), record(ID, NAME), record(ID, NAME_DEFAULT)))
        .isTrue();
    assertThat(accepts("FORWARD_TRANSITIVE", record(ID), record(ID, NAME),
        record(ID, NAME_DEFAULT))).isFalse();
    assertThat(accepts("FULL", record(ID), record(ID, NAME), record(ID, NAME_DEFAULT))).isTrue();
    assertThat(accepts("FULL_TRANSITIVE", record(ID), record(ID, NAME),
        record(ID, NAME_DEFAULT))).isFalse();
  }

  @Test
  void problemsNameTheVersionAndTheField() {
    List<String> problems = AvroSchemas.problems(CompatibilityLevel.FULL,
        AvroSchemas.parse(record(ID, NAME)).schema(), history(record(ID)));
    assertThat(problems).hasSize(1);
    assertThat(problems.getFirst()).contains("version 1").contains("name")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
  }

  @Test
  void anEmptyHistoryIsAlwaysCompatible() {
    assertThat(AvroSchemas.problems(CompatibilityLevel.FULL_TRANSITIVE,
        AvroSchemas.parse(record(ID)).schema(), List.of())).isEmpty();
  }

  @Test
  void levelsParseIgnoringCase() {
    assertThat(CompatibilityLevel.parse("full_transitive")).contains(
        CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(CompatibilityLevel.parse(" Backward ")).contains(CompatibilityLevel.BACKWARD);
    assertThat(CompatibilityLevel.parse("sideways")).isEmpty();
    assertThat(CompatibilityLevel.validNames()).contains("NONE").contains("FULL_TRANSITIVE");
  }
}
