package io.vowstream.dataitem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The Arweave "deep hash" (SHA-384): a hash over a tree of byte strings in which the shape of the
 * tree is hashed too, so {@code [a, b]} and {@code [a || b]} never collide.
 *
 * <ul>
 *   <li>blob: {@code SHA-384(SHA-384("blob" + decimal length) || SHA-384(bytes))}
 *   <li>list: {@code acc = SHA-384("list" + decimal count)}, then for each child {@code acc =
 *       SHA-384(acc || deepHash(child))}
 * </ul>
 */
public final class DeepHash {
  /** Length of every deep hash in bytes. */
  public static final int LENGTH = 48;

  private DeepHash() {}

  /** A node of the tree being hashed. */
  public sealed interface Chunk permits Blob, Items {}

  /** A leaf: a byte string (copied on the way in and out). */
  public static final class Blob implements Chunk {
    private final byte[] bytes;

    private Blob(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Blob blob && Arrays.equals(bytes, blob.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Blob[" + bytes.length + " bytes]";
    }
  }

  /** An ordered list of chunks. */
  public record Items(List<Chunk> items) implements Chunk {
    public Items {
      items = List.copyOf(items);
    }
  }

  /** A leaf chunk. */
  public static Chunk blob(byte[] bytes) {
    return new Blob(bytes);
  }

  /** A leaf chunk holding the UTF-8 bytes of {@code text}. */
  public static Chunk blob(String text) {
    return new Blob(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A list chunk. */
  public static Chunk list(List<? extends Chunk> items) {
    return new Items(List.copyOf(items));
  }

  /** A list chunk. */
  public static Chunk list(Chunk... items) {
    return new Items(List.of(items));
  }

  /** The 48-byte deep hash of the chunk. */
  public static byte[] hash(Chunk chunk) {
    return hash(digest(), chunk);
  }

  private static byte[] hash(MessageDigest md, Chunk chunk) {
    return switch (chunk) {
      case Blob blob -> blob(md, blob.bytes);
      case Items list -> {
        byte[] acc = listHead(md, list.items().size());
        for (Chunk child : list.items()) {
          acc = fold(md, acc, hash(md, child));
        }
        yield acc;
      }
    };
  }

  // The helpers below let DataItems hash an item without building a tree and continue from a
  // saved accumulator: a list's hash is a left fold, so its state after a prefix of constant
  // children is just 48 bytes that can be kept. Each takes the digest from digest() and leaves
  // it reset, so nested calls never interleave their updates.

  private static final ThreadLocal<MessageDigest> SHA384 =
      ThreadLocal.withInitial(() -> newDigest("SHA-384"));

  /**
   * This thread's SHA-384 instance, reset: MessageDigest.getInstance costs a provider look-up
   * per call, about as much as hashing a short blob.
   */
  static MessageDigest digest() {
    MessageDigest md = SHA384.get();
    md.reset();
    return md;
  }

  static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no " + algorithm, e);
    }
  }

  /** The hash of a blob. */
  static byte[] blob(MessageDigest md, byte[] bytes) {
    md.update(ascii("blob" + bytes.length));
    byte[] tag = md.digest();
    md.update(bytes);
    byte[] content = md.digest();
    md.update(tag);
    md.update(content);
    return md.digest();
  }

  /** The accumulator of a list of {@code count} children before its first child. */
  static byte[] listHead(MessageDigest md, int count) {
    md.update(ascii("list" + count));
    return md.digest();
  }

  /** The accumulator after one more child whose hash is {@code child}. */
  static byte[] fold(MessageDigest md, byte[] acc, byte[] child) {
    md.update(acc);
    md.update(child);
    return md.digest();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
