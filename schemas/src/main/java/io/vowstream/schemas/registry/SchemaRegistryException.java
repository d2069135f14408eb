package io.vowstream.schemas.registry;

import org.jspecify.annotations.Nullable;

/**
 * A registry request failed. Carries the HTTP status and the registry's {@code error_code} so that
 * callers can tell "not found" from "incompatible" from "registry down".
 *
 * <p>When no usable HTTP answer arrived (connection refused, timeout, a response that is not the
 * registry's JSON) {@link #httpStatus()} and {@link #errorCode()} are {@link #NO_STATUS}. When the
 * registry answered with an error but without an {@code error_code}, the error code is the HTTP
 * status.
 */
public final class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Status and error code when the registry gave no usable answer. */
  public static final int NO_STATUS = 0;

  /** {@code 40401}: the subject does not exist. */
  public static final int SUBJECT_NOT_FOUND = 40401;
  /** {@code 40402}: the subject has no such version. */
  public static final int VERSION_NOT_FOUND = 40402;
  /** {@code 40403}: no schema with that id, or the schema is not registered under the subject. */
  public static final int SCHEMA_NOT_FOUND = 40403;
  /** {@code 40408}: the subject has no compatibility level of its own. */
  public static final int SUBJECT_LEVEL_NOT_CONFIGURED = 40408;
  /** {@code 409}: the schema breaks the subject's compatibility rules. */
  public static final int INCOMPATIBLE_SCHEMA = 409;
  /** {@code 42201}: the schema text is not a valid schema. */
  public static final int INVALID_SCHEMA = 42201;
  /** {@code 42202}: the version is neither a positive number nor {@code latest}. */
  public static final int INVALID_VERSION = 42202;
  /** {@code 42203}: the compatibility level is not one the registry knows. */
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  /** {@code 50001}: the registry's backend store failed. */
  public static final int STORE_ERROR = 50001;
  /** {@code 50002}: the registry timed out waiting for its store. */
  public static final int OPERATION_TIMEOUT = 50002;
  /** {@code 50003}: forwarding the request to the registry's leader failed. */
  public static final int FORWARDING_ERROR = 50003;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    this(message, httpStatus, errorCode, null);
  }

  public SchemaRegistryException(
      String message, int httpStatus, int errorCode, @Nullable Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the registry's answer, or {@link #NO_STATUS}. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's {@code error_code} (e.g. {@link #SUBJECT_NOT_FOUND}), or {@link #NO_STATUS}. */
  public int errorCode() {
    return errorCode;
  }

  /** Whether this says that the subject, version or schema asked for does not exist. */
  public boolean isNotFound() {
    return httpStatus == 404;
  }
}
