package io.vowstream.schemas.registry;

/** Argument checks shared by the registry clients, so both refuse the same inputs the same way. */
final class ClientArguments {
  private ClientArguments() {}

  static String requireSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("subject must not be blank, was '" + subject + "'");
    }
    return subject;
  }

  static int requireVersion(int version) {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
    return version;
  }
}
