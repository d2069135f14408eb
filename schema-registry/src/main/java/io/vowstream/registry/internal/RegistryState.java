package io.vowstream.registry.internal;

import io.vowstream.registry.internal.AvroSchemas.Versioned;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The registry's contents, changed only by {@link #apply} in log order.
 *
 * <p>This is the determinism contract that lets instances agree: {@code apply} depends on nothing
 * but the commands applied before it (no clock, no randomness, no I/O), so every instance that
 * applies the same log prefix holds the same ids, versions and levels and records the same outcome
 * for each command. Not thread-safe; {@link Replica} serialises access.
 */
public final class RegistryState {

  /** A schema known to the registry; ids are global and never reused or forgotten. */
  public record StoredSchema(int id, String canonical, Schema schema) {}

  /** One version of a subject. */
  public record SubjectVersion(String subject, int version, int id, boolean deleted) {}

  private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
  private final Map<String, Integer> idsByCanonical = new HashMap<>();
  private final Map<String, TreeMap<Integer, SubjectVersion>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private @Nullable CompatibilityLevel globalLevel;
  private int maxId;
  private long applied;

  /** Applies one command and says what it did. */
  public CommandOutcome apply(RegistryCommand command) {
    applied++;
    return switch (command) {
      case RegistryCommand.Register r -> register(r.subject(), r.schema());
      case RegistryCommand.DeleteSubject d -> deleteSubject(d.subject(), d.permanent());
      case RegistryCommand.DeleteVersion d -> deleteVersion(d.subject(), d.version(), d.permanent());
      case RegistryCommand.SetConfig s -> setConfig(s.subject(), s.level());
      case RegistryCommand.DeleteConfig d -> deleteConfig(d.subject());
    };
  }

  /** Counts a record that was not a command, so replay statistics stay honest. */
  void countSkipped() {
    applied++;
  }

  private CommandOutcome register(String subject, String text) {
    AvroSchemas.Parsed parsed;
    try {
      parsed = AvroSchemas.parse(text);
    } catch (IllegalArgumentException e) {
      return new CommandOutcome.Refused(RegistryError.invalidSchema(e.getMessage()));
    }
    Optional<SubjectVersion> existing = findLive(subject, parsed.canonical());
    if (existing.isPresent()) {
      return new CommandOutcome.Registered(existing.get().id(), existing.get().version(), false);
    }
    List<String> problems = AvroSchemas.problems(effectiveLevel(subject), parsed.schema(),
        liveSchemas(subject));
    if (!problems.isEmpty()) {
      return new CommandOutcome.Refused(RegistryError.incompatible(subject, problems));
    }
    Integer id = idsByCanonical.get(parsed.canonical());
    if (id == null) {
      id = ++maxId;
      idsByCanonical.put(parsed.canonical(), id);
      schemasById.put(id, new StoredSchema(id, parsed.canonical(), parsed.schema()));
    }
    TreeMap<Integer, SubjectVersion> versions = subjects.computeIfAbsent(subject, s -> new TreeMap<>());
    // Soft-deleted versions keep their numbers, so a re-registration never reuses one.
    int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
    versions.put(version, new SubjectVersion(subject, version, id, false));
    return new CommandOutcome.Registered(id, version, true);
  }

  private CommandOutcome deleteSubject(String subject, boolean permanent) {
    TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      return new CommandOutcome.Refused(RegistryError.subjectNotFound(subject));
    }
    List<Integer> live = versions.values().stream().filter(v -> !v.deleted())
        .map(SubjectVersion::version).toList();
    if (permanent) {
      if (!live.isEmpty()) {
        return new CommandOutcome.Refused(RegistryError.subjectNotSoftDeleted(subject));
      }
      List<Integer> all = List.copyOf(versions.keySet());
      subjects.remove(subject);
      return new CommandOutcome.VersionsDeleted(all);
    }
    if (live.isEmpty()) {
      return new CommandOutcome.Refused(RegistryError.subjectSoftDeleted(subject));
    }
    live.forEach(v -> versions.put(v, markDeleted(versions.get(v))));
    return new CommandOutcome.VersionsDeleted(live);
  }

  private CommandOutcome deleteVersion(String subject, int requested, boolean permanent) {
    TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty() || (!permanent && liveVersions(subject).isEmpty())) {
      return new CommandOutcome.Refused(RegistryError.subjectNotFound(subject));
    }
    SubjectVersion target;
    if (requested == RegistryCommand.LATEST) {
      target = permanent ? versions.lastEntry().getValue()
          : versions.values().stream().filter(v -> !v.deleted()).reduce((a, b) -> b).orElseThrow();
    } else {
      target = versions.get(requested);
    }
    if (target == null) {
      return new CommandOutcome.Refused(RegistryError.versionNotFound(subject,
          String.valueOf(requested)));
    }
    if (permanent) {
      if (!target.deleted()) {
        return new CommandOutcome.Refused(
            RegistryError.versionNotSoftDeleted(subject, target.version()));
      }
      versions.remove(target.version());
      if (versions.isEmpty()) {
        subjects.remove(subject);
      }
    } else {
      if (target.deleted()) {
        return new CommandOutcome.Refused(RegistryError.versionSoftDeleted(subject, target.version()));
      }
      versions.put(target.version(), markDeleted(target));
    }
    return new CommandOutcome.VersionsDeleted(List.of(target.version()));
  }

  private CommandOutcome setConfig(@Nullable String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level;
    } else {
      subjectLevels.put(subject, level);
    }
    return new CommandOutcome.ConfigSet(level);
  }

  private CommandOutcome deleteConfig(@Nullable String subject) {
    if (subject == null) {
      CompatibilityLevel previous = globalLevel();
      globalLevel = null;
      return new CommandOutcome.ConfigDeleted(previous);
    }
    CompatibilityLevel previous = subjectLevels.remove(subject);
    if (previous == null) {
      if (!subjects.containsKey(subject)) {
        return new CommandOutcome.Refused(RegistryError.subjectNotFound(subject));
      }
      return new CommandOutcome.ConfigDeleted(globalLevel());
    }
    return new CommandOutcome.ConfigDeleted(previous);
  }

  private static SubjectVersion markDeleted(SubjectVersion v) {
    return new SubjectVersion(v.subject(), v.version(), v.id(), true);
  }

  // ---- queries -------------------------------------------------------------------------------

  /** How many records were applied (commands and skipped records). */
  public long appliedCount() {
    return applied;
  }

  public Optional<StoredSchema> schema(int id) {
    return Optional.ofNullable(schemasById.get(id));
  }

  public int schemaCount() {
    return schemasById.size();
  }

  /** Subjects with at least one live (not soft-deleted) version, sorted. */
  public List<String> liveSubjects() {
    return subjects.entrySet().stream()
        .filter(e -> e.getValue().values().stream().anyMatch(v -> !v.deleted()))
        .map(Map.Entry::getKey).toList();
  }

  /** Whether the subject has any version at all, live or soft-deleted. */
  public boolean hasAnyVersion(String subject) {
    TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
    return versions != null && !versions.isEmpty();
  }

  /** The live versions of a subject, oldest first; empty when it has none. */
  public List<SubjectVersion> liveVersions(String subject) {
    TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
    return versions == null ? List.of()
        : versions.values().stream().filter(v -> !v.deleted()).toList();
  }

  /** A version, live or soft-deleted. */
  public Optional<SubjectVersion> version(String subject, int version) {
    TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
    return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
  }

  /** The live version of a subject holding this canonical schema. */
  public Optional<SubjectVersion> findLive(String subject, String canonical) {
    Integer id = idsByCanonical.get(canonical);
    if (id == null) {
      return Optional.empty();
    }
    return liveVersions(subject).stream().filter(v -> v.id() == id).findFirst();
  }

  /** The live versions using schema {@code id}, by subject then version. */
  public List<SubjectVersion> liveUsesOf(int id) {
    List<SubjectVersion> uses = new ArrayList<>();
    for (TreeMap<Integer, SubjectVersion> versions : subjects.values()) {
      versions.values().stream().filter(v -> v.id() == id && !v.deleted()).forEach(uses::add);
    }
    uses.sort(Comparator.comparing(SubjectVersion::subject).thenComparing(SubjectVersion::version));
    return uses;
  }

  /** The live schemas of a subject with their versions, oldest first. */
  public List<Versioned> liveSchemas(String subject) {
    return liveVersions(subject).stream()
        .map(v -> new Versioned(v.version(), schemasById.get(v.id()).schema())).toList();
  }

  public CompatibilityLevel globalLevel() {
    return globalLevel == null ? CompatibilityLevel.DEFAULT : globalLevel;
  }

  public Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  public CompatibilityLevel effectiveLevel(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel());
  }
}
