package io.vowstream.dataitem;

/** A data item's signature did not verify; {@link #failure()} says why. */
public final class SignatureVerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final VerificationResult.Failure failure;

  /** A failure with a message naming what was wrong. */
  public SignatureVerificationException(VerificationResult.Failure failure, String message) {
    super(message);
    this.failure = failure;
  }

  /** The stable reason code. */
  public VerificationResult.Failure failure() {
    return failure;
  }
}
