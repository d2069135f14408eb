package io.vowstream.registry.internal;

import org.jspecify.annotations.Nullable;

/** A state change, as written to the log. The outcome is decided when it is applied, not when written. */
public sealed interface RegistryCommand {

  /** Version number meaning "the latest version at apply time". */
  int LATEST = -1;

  /** Register {@code schema} (as the client sent it) under {@code subject}. */
  record Register(String subject, String schema) implements RegistryCommand {}

  /** Soft-delete every live version of a subject, or permanently remove a soft-deleted subject. */
  record DeleteSubject(String subject, boolean permanent) implements RegistryCommand {}

  /** Soft-delete one version, or permanently remove a soft-deleted one; {@link #LATEST} allowed. */
  record DeleteVersion(String subject, int version, boolean permanent) implements RegistryCommand {}

  /** Set the compatibility level of a subject, or the global level when {@code subject} is null. */
  record SetConfig(@Nullable String subject, CompatibilityLevel level) implements RegistryCommand {}

  /** Remove the level of a subject, or reset the global level when {@code subject} is null. */
  record DeleteConfig(@Nullable String subject) implements RegistryCommand {}
}
