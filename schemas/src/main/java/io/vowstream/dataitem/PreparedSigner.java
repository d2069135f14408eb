package io.vowstream.dataitem;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Signer} with the constant part of its items' signature data computed once: the deep
 * hash of an item is a fold over {@code ["dataitem", "1", type, owner, target, anchor, tags,
 * data]}, and for one key everything up to the owner (and, without target and anchor, up to the
 * tags) is the same for every item. {@link #sign} then hashes only the tags and the data and
 * writes exactly what {@link DataItems#sign} writes for the same arguments.
 *
 * <p>The public key is read once, when the prepared signer is made; use it only with signers whose
 * key does not change. Safe for concurrent use when the signer is.
 */
public final class PreparedSigner {
  private final Signer signer;
  private final SignatureType type;
  private final byte[] owner;
  private final DataItems.OwnerFold fold;

  private PreparedSigner(Signer signer) {
    this.signer = signer;
    this.type = signer.type();
    this.owner = signer.publicKey().clone();
    DataItems.checkOwner(type, owner);
    this.fold = DataItems.OwnerFold.of(type.code(), owner);
  }

  /**
   * Prepares {@code signer}.
   *
   * @throws IllegalStateException when the signer's public key has the wrong length for its type
   */
  public static PreparedSigner of(Signer signer) {
    return new PreparedSigner(signer);
  }

  /** The signer this signs with. */
  public Signer signer() {
    return signer;
  }

  /**
   * Builds and signs an item; the same contract and result as {@link DataItems#sign}.
   *
   * @throws MalformedDataItemException when the target, anchor or tags break the ANS-104 rules
   * @throws IllegalStateException when the signer returns a signature of the wrong length
   */
  public DataItem sign(byte @Nullable [] target, byte @Nullable [] anchor, List<Tag> tags,
      byte[] data) {
    return DataItems.sign(signer, type, owner, fold, target, anchor, tags, data);
  }

  @Override
  public String toString() {
    return "PreparedSigner[" + type + " " + DataItems.ownerAddress(type, owner) + "]";
  }
}
