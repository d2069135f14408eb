package io.vowstream.registry.internal;

import io.vowstream.registry.internal.RegistryState.StoredSchema;
import io.vowstream.registry.internal.RegistryState.SubjectVersion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The registry's operations, in Confluent's terms, over one {@link Replica}. Failures leave as
 * {@link RegistryError.RegistryException} carrying the Confluent error code.
 *
 * <p>Consistency: writes and subject or config reads first catch up with the log's current end, so
 * an answer reflects everything any instance acknowledged before the request. Reads by schema id
 * only catch up on a miss, because an id, once known, never changes its schema.
 */
public final class RegistryService {

  private final Replica replica;
  private final Duration timeout;

  public RegistryService(Replica replica, Duration timeout) {
    this.replica = replica;
    this.timeout = timeout;
  }

  /** A version of a subject together with its schema text. */
  public record VersionView(String subject, int version, int id, String schema) {}

  /** The answer to a compatibility test; messages are filled only when problems were found. */
  public record CompatibilityReport(boolean compatible, List<String> messages) {}

  // ---- schemas and subjects ------------------------------------------------------------------

  /** Registers a schema under a subject and returns its global id. */
  public int register(String subject, String schemaText) {
    AvroSchemas.Parsed parsed = parseOrReject(schemaText);
    replica.catchUp(timeout);
    Optional<SubjectVersion> known = replica.read(s -> s.findLive(subject, parsed.canonical()));
    if (known.isPresent()) {
      return known.get().id();
    }
    // Refuse early what the current state refuses; a race is still settled at apply time.
    List<String> problems = replica.read(s -> AvroSchemas.problems(s.effectiveLevel(subject),
        parsed.schema(), s.liveSchemas(subject)));
    if (!problems.isEmpty()) {
      throw RegistryError.incompatible(subject, problems).exception();
    }
    return switch (submit(new RegistryCommand.Register(subject, schemaText))) {
      case CommandOutcome.Registered r -> r.id();
      case CommandOutcome other -> throw unexpected(other);
    };
  }

  /** Finds the live version of a subject holding this schema. */
  public VersionView lookup(String subject, String schemaText) {
    AvroSchemas.Parsed parsed = parseOrReject(schemaText);
    replica.catchUp(timeout);
    return replica.read(s -> {
      if (s.liveVersions(subject).isEmpty()) {
        throw RegistryError.subjectNotFound(subject).exception();
      }
      SubjectVersion v = s.findLive(subject, parsed.canonical())
          .orElseThrow(() -> RegistryError.schemaNotFound(subject).exception());
      return view(s, v);
    });
  }

  public List<String> subjects() {
    replica.catchUp(timeout);
    return replica.read(RegistryState::liveSubjects);
  }

  public List<Integer> versions(String subject) {
    replica.catchUp(timeout);
    List<Integer> versions = replica.read(s -> s.liveVersions(subject).stream()
        .map(SubjectVersion::version).toList());
    if (versions.isEmpty()) {
      throw RegistryError.subjectNotFound(subject).exception();
    }
    return versions;
  }

  /** A live version; {@code versionText} is a number, {@code latest} or {@code -1}. */
  public VersionView version(String subject, String versionText) {
    int wanted = parseVersion(versionText);
    replica.catchUp(timeout);
    return replica.read(s -> view(s, liveVersion(s, subject, wanted, versionText)));
  }

  /** Schema references are not supported, so nothing ever refers to a version. */
  public List<Integer> referencedBy(String subject, String versionText) {
    version(subject, versionText);
    return List.of();
  }

  /** Soft-deletes a subject, or permanently removes a soft-deleted one; returns the versions. */
  public List<Integer> deleteSubject(String subject, boolean permanent) {
    replica.catchUp(timeout);
    // Answer the common mistakes locally; anything that passes is settled at apply time.
    if (!replica.read(s -> s.hasAnyVersion(subject))) {
      throw RegistryError.subjectNotFound(subject).exception();
    }
    return deleted(submit(new RegistryCommand.DeleteSubject(subject, permanent)));
  }

  /** Deletes one version; returns its number. */
  public int deleteVersion(String subject, String versionText, boolean permanent) {
    int wanted = parseVersion(versionText);
    replica.catchUp(timeout);
    if (!replica.read(s -> s.hasAnyVersion(subject))) {
      throw RegistryError.subjectNotFound(subject).exception();
    }
    return deleted(submit(new RegistryCommand.DeleteVersion(subject, wanted, permanent))).getFirst();
  }

  /** The schema with this id, catching up once if it is not known yet. */
  public StoredSchema schemaById(String idText) {
    int id;
    try {
      id = Integer.parseInt(idText);
    } catch (NumberFormatException e) {
      throw RegistryError.schemaIdNotFound("'" + idText + "'").exception();
    }
    Optional<StoredSchema> found = replica.read(s -> s.schema(id));
    if (found.isEmpty()) {
      replica.catchUp(timeout);
      found = replica.read(s -> s.schema(id));
    }
    return found.orElseThrow(() -> RegistryError.schemaIdNotFound(String.valueOf(id)).exception());
  }

  /** The live subject versions that use schema {@code idText}. */
  public List<SubjectVersion> usesOf(String idText) {
    StoredSchema schema = schemaById(idText);
    replica.catchUp(timeout);
    return replica.read(s -> s.liveUsesOf(schema.id()));
  }

  /** Every live version of every subject. */
  public List<VersionView> allLiveVersions() {
    replica.catchUp(timeout);
    return replica.read(s -> s.liveSubjects().stream()
        .flatMap(subject -> s.liveVersions(subject).stream()).map(v -> view(s, v)).toList());
  }

  // ---- compatibility -------------------------------------------------------------------------

  /**
   * Tests a schema against a subject without registering it. With {@code versionText} null or
   * "latest", the subject's level decides which live versions count (all of them when
   * transitive); with a number, only that version counts. Like Confluent since 5.5/6.x, a subject
   * with no live versions makes any valid schema compatible when asked for "latest"; asking for a
   * numbered version of such a subject is 40401 (subject) or 40402 (version).
   */
  public CompatibilityReport testCompatibility(String subject, @Nullable
      String versionText, String schemaText) {
    int wanted = versionText == null ? RegistryCommand.LATEST : parseVersion(versionText);
    AvroSchemas.Parsed parsed = parseOrReject(schemaText);
    replica.catchUp(timeout);
    List<String> problems = replica.read(s -> {
      CompatibilityLevel level = s.effectiveLevel(subject);
      List<AvroSchemas.Versioned> live = s.liveSchemas(subject);
      if (wanted == RegistryCommand.LATEST) {
        return AvroSchemas.problems(level, parsed.schema(), live);
      }
      SubjectVersion target = liveVersion(s, subject, wanted, versionText);
      List<AvroSchemas.Versioned> only = live.stream()
          .filter(v -> v.version() == target.version()).toList();
      return AvroSchemas.problems(level, parsed.schema(), only);
    });
    return new CompatibilityReport(problems.isEmpty(), problems);
  }

  // ---- config --------------------------------------------------------------------------------

  public CompatibilityLevel globalLevel() {
    replica.catchUp(timeout);
    return replica.read(RegistryState::globalLevel);
  }

  /** The subject's own level; with {@code defaultToGlobal}, the global level when it has none. */
  public CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
    replica.catchUp(timeout);
    return replica.read(s -> s.subjectLevel(subject).or(
            () -> defaultToGlobal ? Optional.of(s.globalLevel()) : Optional.empty())
        .orElseThrow(() -> RegistryError.subjectLevelNotConfigured(subject).exception()));
  }

  /** Sets the level of a subject, or the global one when {@code subject} is null. */
  public CompatibilityLevel setLevel(@Nullable String subject,
      String levelText) {
    CompatibilityLevel level = CompatibilityLevel.parse(levelText)
        .orElseThrow(() -> RegistryError.invalidCompatibilityLevel(levelText).exception());
    replica.catchUp(timeout);
    return switch (submit(new RegistryCommand.SetConfig(subject, level))) {
      case CommandOutcome.ConfigSet set -> set.level();
      case CommandOutcome other -> throw unexpected(other);
    };
  }

  /** Removes a subject's level (or resets the global one); returns the level that applied before. */
  public CompatibilityLevel deleteLevel(@Nullable String subject) {
    replica.catchUp(timeout);
    return switch (submit(new RegistryCommand.DeleteConfig(subject))) {
      case CommandOutcome.ConfigDeleted d -> d.previous();
      case CommandOutcome other -> throw unexpected(other);
    };
  }

  // ---- helpers -------------------------------------------------------------------------------

  private CommandOutcome submit(RegistryCommand command) {
    CommandOutcome outcome = replica.submit(command, timeout);
    if (outcome instanceof CommandOutcome.Refused refused) {
      throw refused.error().exception();
    }
    return outcome;
  }

  private static List<Integer> deleted(CommandOutcome outcome) {
    if (outcome instanceof CommandOutcome.VersionsDeleted d) {
      return d.versions();
    }
    throw unexpected(outcome);
  }

  private static RegistryError.RegistryException unexpected(CommandOutcome outcome) {
    return RegistryError.storeError("unexpected outcome " + outcome).exception();
  }

  private static AvroSchemas.Parsed parseOrReject(String schemaText) {
    try {
      return AvroSchemas.parse(schemaText);
    } catch (IllegalArgumentException e) {
      throw RegistryError.invalidSchema(e.getMessage()).exception();
    }
  }

  /** Parses "latest", "-1" or a positive version number. */
  static int parseVersion(String text) {
    if (text.equalsIgnoreCase("latest") || text.equals("-1")) {
      return RegistryCommand.LATEST;
    }
    try {
      int version = Integer.parseInt(text);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw RegistryError.invalidVersion(text).exception();
  }

  private static SubjectVersion liveVersion(RegistryState s, String subject, int wanted,
      @Nullable String versionText) {
    List<SubjectVersion> live = s.liveVersions(subject);
    if (live.isEmpty()) {
      throw RegistryError.subjectNotFound(subject).exception();
    }
    if (wanted == RegistryCommand.LATEST) {
      return live.getLast();
    }
    return s.version(subject, wanted).filter(v -> !v.deleted())
        .orElseThrow(() -> RegistryError.versionNotFound(subject, String.valueOf(versionText))
            .exception());
  }

  private static VersionView view(RegistryState s, SubjectVersion v) {
    return new VersionView(v.subject(), v.version(), v.id(),
        s.schema(v.id()).orElseThrow().canonical());
  }
}
