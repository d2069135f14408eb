package io.vowstream.dataitem;

/** The outcome of {@link DataItems#verify}: valid, or a failure with a stable reason code. */
public sealed interface VerificationResult {

  /** Why a signature did not verify. Codes are stable: they end up in rejection records. */
  enum Failure {
    /** The signature type is not 1, 2 or 3. */
    UNSUPPORTED_SIGNATURE_TYPE,
    /** The item breaks a structural rule (field lengths, tag limits); see the message. */
    MALFORMED_ITEM,
    /** The owner field is not a usable public key of its type. */
    INVALID_OWNER_KEY,
    /** The signature cannot be a signature of its type (e.g. an Ethereum {@code v} of 5). */
    MALFORMED_SIGNATURE,
    /** A well-formed secp256k1 signature with a high s; only low-s signatures are accepted. */
    NON_CANONICAL_SIGNATURE,
    /** The signature does not match the owner key and the signed fields. */
    SIGNATURE_MISMATCH
  }

  /** True for {@link Valid}. */
  boolean isValid();

  /**
   * Returns this result when it is valid.
   *
   * @throws SignatureVerificationException carrying the failure otherwise
   */
  VerificationResult orThrow();

  /** The signature is valid. */
  record Valid() implements VerificationResult {
    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public VerificationResult orThrow() {
      return this;
    }
  }

  /** The signature is not valid, with the reason and a message naming what was wrong. */
  record Invalid(Failure failure, String message) implements VerificationResult {
    @Override
    public boolean isValid() {
      return false;
    }

    @Override
    public VerificationResult orThrow() {
      throw new SignatureVerificationException(failure, message);
    }
  }
}
