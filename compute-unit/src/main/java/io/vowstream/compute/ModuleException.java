package io.vowstream.compute;

/**
 * A module's deliberate failure: its {@link #code()} and message become the result's {@code Error}.
 * Any other runtime exception from a module is reported with the code {@code MODULE_ERROR}.
 */
public class ModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public ModuleException(String code, String message) {
    super(message);
    if (code.isBlank()) {
      throw new IllegalArgumentException("a module error code must not be blank");
    }
    this.code = code;
  }

  /** A stable, machine-readable code such as {@code UNKNOWN_ACTION}. */
  public String code() {
    return code;
  }
}
