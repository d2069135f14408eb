package io.vowstream.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.registry.internal.CommandOutcome.ConfigDeleted;
import io.vowstream.registry.internal.CommandOutcome.ConfigSet;
import io.vowstream.registry.internal.CommandOutcome.Refused;
import io.vowstream.registry.internal.CommandOutcome.Registered;
import io.vowstream.registry.internal.CommandOutcome.VersionsDeleted;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RegistryStateTest {

  private static final String V1 =
      "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
  private static final String V2 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
      + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"a\",\"type\":\"string\",\"default\":\"\"}]}";
  private static final String V2_CLASH = "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
      + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"a\",\"type\":\"int\",\"default\":0}]}";
  private static final String OTHER = "\"string\"";

  private final RegistryState state = new RegistryState();

  private CommandOutcome register(String subject, String schema) {
    return state.apply(new RegistryCommand.Register(subject, schema));
  }

  private static int errorCode(CommandOutcome outcome) {
    assertThat(outcome).isInstanceOf(Refused.class);
    return ((Refused) outcome).error().errorCode();
  }

  @Test
  void idsAreGlobalAndVersionsPerSubject() {
    assertThat(register("a", V1)).isEqualTo(new Registered(1, 1, true));
    assertThat(register("a", V2)).isEqualTo(new Registered(2, 2, true));
    assertThat(register("b", V2)).isEqualTo(new Registered(2, 1, true));
    assertThat(register("b", OTHER)).isInstanceOf(Refused.class);
    assertThat(register("c", OTHER)).isEqualTo(new Registered(3, 1, true));
    assertThat(state.schemaCount()).isEqualTo(3);
  }

  @Test
  void aKnownSchemaChangesNothing() {
    register("a", V1);
    assertThat(register("a", V1)).isEqualTo(new Registered(1, 1, false));
    assertThat(state.liveVersions("a")).hasSize(1);
  }

  @Test
  void theLaterOfTwoClashingRegistrationsIsRefusedAtApplyTime() {
    register("a", V1);
    // Both were valid against version 1 when written; log order decides.
    assertThat(register("a", V2)).isEqualTo(new Registered(2, 2, true));
    assertThat(errorCode(register("a", V2_CLASH))).isEqualTo(409);
    assertThat(state.schema(3)).isEmpty();
  }

  @Test
  void anInvalidSchemaInTheLogIsRefusedWithoutConsumingAnId() {
    assertThat(errorCode(register("a", "{oops"))).isEqualTo(42201);
    assertThat(register("a", V1)).isEqualTo(new Registered(1, 1, true));
  }

  @Test
  void subjectDeletionLifecycle() {
    register("a", V1);
    register("a", V2);
    assertThat(errorCode(state.apply(new RegistryCommand.DeleteSubject("a", true))))
        .isEqualTo(40405);
    assertThat(state.apply(new RegistryCommand.DeleteSubject("a", false)))
        .isEqualTo(new VersionsDeleted(List.of(1, 2)));
    assertThat(state.liveSubjects()).isEmpty();
    assertThat(state.hasAnyVersion("a")).isTrue();
    assertThat(errorCode(state.apply(new RegistryCommand.DeleteSubject("a", false))))
        .isEqualTo(40404);
    assertThat(state.apply(new RegistryCommand.DeleteSubject("a", true)))
        .isEqualTo(new VersionsDeleted(List.of(1, 2)));
    assertThat(state.hasAnyVersion("a")).isFalse();
    assertThat(errorCode(state.apply(new RegistryCommand.DeleteSubject("a", true))))
        .isEqualTo(40401);
    assertThat(state.schema(2)).isPresent();
  }

  @Test
  void versionDeletionLifecycle() {
    register("a", V1);
    register("a", V2);
    assertThat(state.apply(new RegistryCommand.DeleteVersion("a", RegistryCommand.LATEST, false)))
        .isEqualTo(new VersionsDeleted(List.of(2)));
    assertThat(errorCode(state.apply(new RegistryCommand.DeleteVersion("a", 2, false))))
        .isEqualTo(40406);
    assertThat(errorCode(state.apply(new RegistryCommand.DeleteVersion("a", 1, true))))
        .isEqualTo(40407);
    assertThat(errorCode(state.apply(new RegistryCommand.DeleteVersion("a", 5, false))))
        .isEqualTo(40402);
    assertThat(state.apply(new RegistryCommand.DeleteVersion("a", RegistryCommand.LATEST, true)))
        .isEqualTo(new VersionsDeleted(List.of(2)));
    assertThat(state.version("a", 2)).isEmpty();
    // Permanently removing the top version frees its number.
    assertThat(register("a", V2)).isEqualTo(new Registered(2, 2, true));
  }

  @Test
  void configCommands() {
    assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(state.apply(new RegistryCommand.SetConfig(null, CompatibilityLevel.FULL)))
        .isEqualTo(new ConfigSet(CompatibilityLevel.FULL));
    assertThat(state.effectiveLevel("x")).isEqualTo(CompatibilityLevel.FULL);
    state.apply(new RegistryCommand.SetConfig("x", CompatibilityLevel.NONE));
    assertThat(state.effectiveLevel("x")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(state.apply(new RegistryCommand.DeleteConfig("x")))
        .isEqualTo(new ConfigDeleted(CompatibilityLevel.NONE));
    assertThat(errorCode(state.apply(new RegistryCommand.DeleteConfig("x")))).isEqualTo(40401);
    assertThat(state.apply(new RegistryCommand.DeleteConfig(null)))
        .isEqualTo(new ConfigDeleted(CompatibilityLevel.FULL));
    assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void usesOfAnIdSkipDeletedVersions() {
    register("b", V1);
    register("a", OTHER);
    state.apply(new RegistryCommand.SetConfig("a", CompatibilityLevel.NONE));
    register("a", V1);
    state.apply(new RegistryCommand.DeleteVersion("b", 1, false));
    assertThat(state.liveUsesOf(1)).extracting(RegistryState.SubjectVersion::subject)
        .containsExactly("a");
    assertThat(state.appliedCount()).isEqualTo(5);
  }

  // ---- determinism: the outcome of every command is a function of the log prefix -----------

  @Property(tries = 60)
  void replayingTheSameLogGivesTheSameOutcomesAndState(
      @ForAll("commands") @Size(max = 40) List<RegistryCommand> log) {
    List<CommandOutcome> first = applyAll(new RegistryState(), log);
    RegistryState replayed = new RegistryState();
    List<CommandOutcome> second = applyAll(replayed, log);
    assertThat(second).isEqualTo(first);
  }

  @Property(tries = 60)
  void idsAreDenseAndEachNamesOneSchema(
      @ForAll("commands") @Size(max = 40) List<RegistryCommand> log) {
    RegistryState s = new RegistryState();
    applyAll(s, log);
    for (int id = 1; id <= s.schemaCount(); id++) {
      assertThat(s.schema(id)).as("id %d", id).isPresent();
    }
    assertThat(s.schema(s.schemaCount() + 1)).isEmpty();
    long distinct = java.util.stream.IntStream.rangeClosed(1, s.schemaCount())
        .mapToObj(id -> s.schema(id).orElseThrow().canonical()).distinct().count();
    assertThat(distinct).isEqualTo(s.schemaCount());
  }

  private static List<CommandOutcome> applyAll(RegistryState s, List<RegistryCommand> log) {
    List<CommandOutcome> outcomes = new ArrayList<>();
    log.forEach(c -> outcomes.add(s.apply(c)));
    return outcomes;
  }

  @Provide
  Arbitrary<List<RegistryCommand>> commands() {
    Arbitrary<String> subjects = Arbitraries.of("a", "b", "c");
    Arbitrary<String> schemas = Arbitraries.of(V1, V2, V2_CLASH, OTHER, "{bad");
    Arbitrary<CompatibilityLevel> levels = Arbitraries.of(CompatibilityLevel.class);
    Arbitrary<RegistryCommand> register = Combinators.combine(subjects, schemas)
        .as(RegistryCommand.Register::new);
    Arbitrary<RegistryCommand> deleteSubject = Combinators.combine(subjects,
        Arbitraries.of(true, false)).as(RegistryCommand.DeleteSubject::new);
    Arbitrary<RegistryCommand> deleteVersion = Combinators.combine(subjects,
        Arbitraries.of(-1, 1, 2, 3), Arbitraries.of(true, false))
        .as(RegistryCommand.DeleteVersion::new);
    Arbitrary<RegistryCommand> setConfig = Combinators.combine(
        Arbitraries.of("a", "b", "c").injectNull(0.3), levels).as(RegistryCommand.SetConfig::new);
    Arbitrary<RegistryCommand> deleteConfig = Arbitraries.of("a", "b", "c").injectNull(0.3)
        .map(RegistryCommand.DeleteConfig::new);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, register), net.jqwik.api.Tuple.of(2, deleteSubject),
        net.jqwik.api.Tuple.of(2, deleteVersion), net.jqwik.api.Tuple.of(2, setConfig),
        net.jqwik.api.Tuple.of(1, deleteConfig)).list();
  }
}
