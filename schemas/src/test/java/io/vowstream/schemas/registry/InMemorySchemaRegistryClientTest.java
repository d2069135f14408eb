package io.vowstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private static final Schema TAG = Tag.getClassSchema();
  private static final Schema TAG_WITH_DEFAULTED_FIELD =
      SchemaBuilder.record("Tag").namespace("io.vowstream.schemas").fields()
          .requiredString("name").requiredString("value")
          .name("note").type().stringType().stringDefault("")
          .endRecord();
  private static final Schema TAG_WITH_REQUIRED_FIELD =
      SchemaBuilder.record("Tag").namespace("io.vowstream.schemas").fields()
          .requiredString("name").requiredString("value").requiredLong("weight")
          .endRecord();

  @Test
  void idsStartAtOneAndTheSameSchemaHasTheSameIdEverywhere() {
    assertThat(registry.register("a-value", TAG)).isEqualTo(1);
    assertThat(registry.register("b-value", DataItem.getClassSchema())).isEqualTo(2);
    assertThat(registry.register("c-key", TAG)).isEqualTo(1);
    // The same text parsed again is the same schema.
    assertThat(registry.register("d-value", new Schema.Parser().parse(TAG.toString()))).isEqualTo(1);
    assertThat(registry.subjects()).containsExactly("a-value", "b-value", "c-key", "d-value");
    assertThat(registry.schemaById(2)).isEqualTo(DataItem.getClassSchema());
  }

  @Test
  void reRegisteringIsIdempotentAndNewSchemasAddVersions() {
    registry.register("t", TAG);
    registry.register("t", TAG);
    assertThat(registry.versions("t")).containsExactly(1);
    int id = registry.register("t", TAG_WITH_DEFAULTED_FIELD);
    assertThat(registry.versions("t")).containsExactly(1, 2);
    assertThat(registry.latestVersion("t")).isEqualTo(new RegisteredSchema("t", 2, id, TAG_WITH_DEFAULTED_FIELD));
    assertThat(registry.version("t", 1).schema()).isEqualTo(TAG);
    assertThat(registry.lookup("t", TAG)).isEqualTo(new RegisteredSchema("t", 1, 1, TAG));
    assertThat(registry.id("t", TAG_WITH_DEFAULTED_FIELD)).isEqualTo(id);
  }

  @Test
  void backwardIsTheDefaultAndRejectsARequiredNewField() {
    registry.register("t", TAG);
    assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(registry.compatibility("t")).isEqualTo(CompatibilityLevel.BACKWARD);

    CompatibilityResult check = registry.testCompatibility("t", TAG_WITH_REQUIRED_FIELD);
    assertThat(check.compatible()).isFalse();
    assertThat(check.messages()).singleElement().asString()
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("weight");

    assertThatThrownBy(() -> registry.register("t", TAG_WITH_REQUIRED_FIELD))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(409);
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        })
        .hasMessageContaining("'t'")
        .hasMessageContaining("BACKWARD")
        .hasMessageContaining("weight");
    assertThat(registry.versions("t")).containsExactly(1);
    assertThat(registry.testCompatibility("t", TAG_WITH_DEFAULTED_FIELD).compatible()).isTrue();
  }

  @Test
  void levelsCanBeSetPerSubjectAndGlobally() {
    registry.register("t", TAG);
    assertThat(registry.setCompatibility("t", CompatibilityLevel.NONE)).isEqualTo(CompatibilityLevel.NONE);
    assertThat(registry.register("t", TAG_WITH_REQUIRED_FIELD)).isEqualTo(2);
    assertThat(registry.compatibility("other")).isEqualTo(CompatibilityLevel.BACKWARD);

    registry.setGlobalCompatibility(CompatibilityLevel.FORWARD);
    assertThat(registry.compatibility("other")).isEqualTo(CompatibilityLevel.FORWARD);
    assertThat(registry.compatibility("t")).isEqualTo(CompatibilityLevel.NONE);
  }

  @Test
  void forwardChecksThatTheOldSchemaReadsTheNew() {
    registry.setGlobalCompatibility(CompatibilityLevel.FORWARD);
    registry.register("t", TAG_WITH_DEFAULTED_FIELD);
    // Old readers expect "note" with a default, so a writer without it is fine for FORWARD...
    assertThat(registry.testCompatibility("t", TAG).compatible()).isTrue();
    // ...but a required field in the old schema that the new one drops is not.
    registry.setCompatibility("u", CompatibilityLevel.FORWARD);
    registry.register("u", TAG_WITH_REQUIRED_FIELD);
    assertThat(registry.testCompatibility("u", TAG).compatible()).isFalse();
    assertThat(registry.testCompatibility("u", 1, TAG).messages()).isNotEmpty();
  }

  @Test
  void transitiveLevelsCheckEveryEarlierVersion() {
    Schema v1 = TAG_WITH_REQUIRED_FIELD; // weight: long
    Schema v2 = TAG; // drops weight: readable from v1
    Schema v3 = SchemaBuilder.record("Tag").namespace("io.vowstream.schemas").fields()
        .requiredString("name").requiredString("value")
        .name("weight").type().stringType().stringDefault("")
        .endRecord(); // weight again, as a string: fine against v2, not against v1's long
    for (String subject : new String[] {"plain", "trans"}) {
      registry.setCompatibility(subject, subject.equals("plain")
          ? CompatibilityLevel.BACKWARD : CompatibilityLevel.BACKWARD_TRANSITIVE);
      registry.register(subject, v1);
      registry.register(subject, v2);
    }

    assertThat(registry.testCompatibility("plain", v3).compatible()).isTrue();
    CompatibilityResult transitive = registry.testCompatibility("trans", v3);
    assertThat(transitive.compatible()).isFalse();
    assertThat(transitive.messages()).singleElement().asString().contains("TYPE_MISMATCH");
    assertThat(registry.testCompatibility("trans", 2, v3).compatible()).isTrue();

    registry.setCompatibility("full", CompatibilityLevel.FULL_TRANSITIVE);
    registry.register("full", TAG);
    assertThat(registry.testCompatibility("full", TAG_WITH_DEFAULTED_FIELD).compatible()).isTrue();
    assertThat(registry.testCompatibility("full", TAG_WITH_REQUIRED_FIELD).compatible()).isFalse();
  }

  @Test
  void missingThingsFailWithConfluentErrorCodes() {
    assertThatThrownBy(() -> registry.latestVersion("nope"))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND))
        .hasMessageContaining("'nope'");
    registry.register("t", TAG);
    assertThatThrownBy(() -> registry.version("t", 4))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND))
        .hasMessageContaining("Version 4");
    assertThatThrownBy(() -> registry.schemaById(9))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
          assertThat(e.httpStatus()).isEqualTo(404);
        });
    assertThatThrownBy(() -> registry.lookup("t", DataItem.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    assertThatThrownBy(() -> registry.version("t", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deletingASubjectKeepsIdsResolvableAndStartsItAfresh() {
    registry.register("t", TAG);
    registry.register("t", TAG_WITH_DEFAULTED_FIELD);
    assertThat(registry.deleteSubject("t", false)).containsExactly(1, 2);
    assertThat(registry.subjects()).isEmpty();
    assertThat(registry.schemaById(1)).isEqualTo(TAG);
    assertThatThrownBy(() -> registry.versions("t")).isInstanceOf(SchemaRegistryException.class);

    // A fresh start: the old versions no longer constrain the subject.
    assertThat(registry.register("t", TAG_WITH_REQUIRED_FIELD)).isEqualTo(3);
    assertThat(registry.versions("t")).containsExactly(1);
  }
}
