package io.vowstream.registry.internal;

import java.util.List;

/** What applying one {@link RegistryCommand} did; a pure function of the log up to that command. */
public sealed interface CommandOutcome {

  /** The schema has {@code id} and is {@code version} of the subject ({@code created} if new). */
  record Registered(int id, int version, boolean created) implements CommandOutcome {}

  /** These versions were (soft or permanently) deleted. */
  record VersionsDeleted(List<Integer> versions) implements CommandOutcome {
    public VersionsDeleted {
      versions = List.copyOf(versions);
    }
  }

  /** The level is now {@code level}. */
  record ConfigSet(CompatibilityLevel level) implements CommandOutcome {}

  /** The level that applied before the delete. */
  record ConfigDeleted(CompatibilityLevel previous) implements CommandOutcome {}

  /** The command changed nothing, for the reason given. */
  record Refused(RegistryError error) implements CommandOutcome {}
}
