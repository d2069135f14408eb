package io.vowstream.registry.internal;

import java.util.List;

/**
 * An error as the Confluent REST API reports it: an HTTP status, a numeric error code and a
 * message. The codes are the ones Confluent clients branch on (40401 subject not found, ...).
 */
public record RegistryError(int httpStatus, int errorCode, String message) {

  public static RegistryError subjectNotFound(String subject) {
    return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
  }

  public static RegistryError versionNotFound(String subject, String version) {
    return new RegistryError(404, 40402,
        "Version " + version + " not found for subject '" + subject + "'.");
  }

  public static RegistryError schemaNotFound(String subject) {
    return new RegistryError(404, 40403, "Schema not found under subject '" + subject + "'.");
  }

  public static RegistryError schemaIdNotFound(String id) {
    return new RegistryError(404, 40403, "Schema " + id + " not found.");
  }

  public static RegistryError subjectSoftDeleted(String subject) {
    return new RegistryError(404, 40404, "Subject '" + subject
        + "' was soft deleted. Set permanent=true to delete permanently.");
  }

  public static RegistryError subjectNotSoftDeleted(String subject) {
    return new RegistryError(404, 40405, "Subject '" + subject
        + "' was not deleted first before being permanently deleted.");
  }

  public static RegistryError versionSoftDeleted(String subject, int version) {
    return new RegistryError(404, 40406, "Subject '" + subject + "' version " + version
        + " was soft deleted. Set permanent=true to delete permanently.");
  }

  public static RegistryError versionNotSoftDeleted(String subject, int version) {
    return new RegistryError(404, 40407, "Subject '" + subject + "' version " + version
        + " was not deleted first before being permanently deleted.");
  }

  public static RegistryError subjectLevelNotConfigured(String subject) {
    return new RegistryError(404, 40408, "Subject '" + subject
        + "' has no subject-level compatibility configured.");
  }

  public static RegistryError incompatible(String subject, List<String> problems) {
    return new RegistryError(409, 409, "Schema being registered is incompatible with an earlier"
        + " schema for subject '" + subject + "', details: " + problems);
  }

  public static RegistryError invalidSchema(String detail) {
    return new RegistryError(422, 42201, "Invalid schema: " + detail);
  }

  public static RegistryError invalidVersion(String version) {
    return new RegistryError(422, 42202, "The specified version '" + version + "' is not a valid"
        + " version id. Allowed values are between [1, 2^31-1] and the string \"latest\".");
  }

  public static RegistryError invalidCompatibilityLevel(String given) {
    return new RegistryError(422, 42203, "Invalid compatibility level '" + given
        + "'. Valid values are " + CompatibilityLevel.validNames() + ".");
  }

  public static RegistryError storeError(String detail) {
    return new RegistryError(500, 50001, "Error in the backend data store: " + detail);
  }

  public static RegistryError timeout(String detail) {
    return new RegistryError(500, 50002, "Operation timed out: " + detail);
  }

  public static RegistryError badRequest(String detail) {
    return new RegistryError(400, 400, detail);
  }

  public static RegistryError notFound(String path) {
    return new RegistryError(404, 404, "HTTP 404 Not Found: no endpoint at " + path);
  }

  public static RegistryError methodNotAllowed(String method, String path) {
    return new RegistryError(405, 405, "HTTP 405 Method Not Allowed: " + method + " " + path);
  }

  /** This error as an exception, to leave a request handler. */
  public RegistryException exception() {
    return new RegistryException(this);
  }

  /** Carries a {@link RegistryError} out of a request handler. */
  public static final class RegistryException extends RuntimeException {
    private final RegistryError error;

    public RegistryException(RegistryError error) {
      super(error.message());
      this.error = error;
    }

    public RegistryError error() {
      return error;
    }
  }
}
