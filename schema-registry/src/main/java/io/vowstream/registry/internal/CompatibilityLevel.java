package io.vowstream.registry.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Confluent compatibility levels; which earlier versions a new schema is checked against, and how. */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  /** The level of a registry nobody configured, as in Confluent. */
  public static final CompatibilityLevel DEFAULT = BACKWARD;

  private final boolean newReadsOld;
  private final boolean oldReadsNew;
  private final boolean transitive;

  CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
    this.newReadsOld = newReadsOld;
    this.oldReadsNew = oldReadsNew;
    this.transitive = transitive;
  }

  /** Whether the new schema must read data written with earlier ones. */
  public boolean newReadsOld() {
    return newReadsOld;
  }

  /** Whether earlier schemas must read data written with the new one. */
  public boolean oldReadsNew() {
    return oldReadsNew;
  }

  /** Whether every earlier version counts, not just the latest. */
  public boolean transitive() {
    return transitive;
  }

  /** Parses a level name, ignoring case; empty when it names no level. */
  public static Optional<CompatibilityLevel> parse(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(l -> l.name().equals(upper)).findFirst();
  }

  /** The valid names, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
