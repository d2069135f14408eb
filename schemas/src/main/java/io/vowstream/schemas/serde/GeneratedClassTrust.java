package io.vowstream.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Makes Avro (1.12.2 and later) trust the generated classes in {@code io.vowstream.schemas}, which
 * it otherwise refuses to instantiate unless {@code org.apache.avro.SERIALIZABLE_PACKAGES} names
 * them. The trust is added to whatever validator is in force, never replacing it, and only for
 * that one package (not its sub-packages).
 */
final class GeneratedClassTrust {
  static final String GENERATED_PACKAGE = "io.vowstream.schemas";

  private static final ClassSecurityPredicate GENERATED_CLASSES =
      clazz -> GENERATED_PACKAGE.equals(clazz.getPackageName());

  private GeneratedClassTrust() {}

  /** Adds the trust if the global validator lacks it; cheap to call repeatedly. */
  static synchronized void ensure() {
    ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
    if (!current.isTrusted(io.vowstream.schemas.Tag.class)) {
      ClassSecurityValidator.setGlobal(
          ClassSecurityValidator.composite(current, GENERATED_CLASSES));
    }
  }
}
