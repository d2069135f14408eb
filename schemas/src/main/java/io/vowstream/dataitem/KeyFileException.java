package io.vowstream.dataitem;

/** A key file could not be read, parsed or written; the message names the file and the problem. */
public final class KeyFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message naming the file and the problem. */
  public KeyFileException(String message) {
    super(message);
  }

  /** A failure caused by {@code cause}. */
  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
