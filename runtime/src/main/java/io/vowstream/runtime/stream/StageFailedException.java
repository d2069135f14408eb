package io.vowstream.runtime.stream;

/** A stage stopped because it cannot continue safely; the message says why and what was affected. */
public final class StageFailedException extends RuntimeException {
  public StageFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  public StageFailedException(String message) {
    super(message);
  }
}
