package io.vowstream.schemas.registry;

import java.util.Locale;

/**
 * The compatibility rules a registry enforces when a new schema version is registered under a
 * subject, spelled as in the Confluent REST API.
 */
public enum CompatibilityLevel {
  /** No check. */
  NONE,
  /** The new schema can read data written with the latest version. */
  BACKWARD,
  /** The new schema can read data written with every earlier version. */
  BACKWARD_TRANSITIVE,
  /** The latest version can read data written with the new schema. */
  FORWARD,
  /** Every earlier version can read data written with the new schema. */
  FORWARD_TRANSITIVE,
  /** Both {@link #BACKWARD} and {@link #FORWARD} against the latest version. */
  FULL,
  /** Both {@link #BACKWARD} and {@link #FORWARD} against every earlier version. */
  FULL_TRANSITIVE;

  /**
   * Parses a level as the registry spells it (case-insensitive).
   *
   * @throws IllegalArgumentException naming the text and the accepted levels
   */
  public static CompatibilityLevel parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown compatibility level '" + text + "'; expected one of "
              + java.util.Arrays.toString(values()),
          e);
    }
  }

  /** Whether the new schema must be able to read data written with older versions. */
  boolean checksBackward() {
    return this != NONE && this != FORWARD && this != FORWARD_TRANSITIVE;
  }

  /** Whether older versions must be able to read data written with the new schema. */
  boolean checksForward() {
    return this != NONE && this != BACKWARD && this != BACKWARD_TRANSITIVE;
  }

  /** Whether the check runs against every earlier version rather than only the latest. */
  boolean transitive() {
    return name().endsWith("_TRANSITIVE");
  }
}
