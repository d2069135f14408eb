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
    return switch (chunk) {
      case Blob blob -> {
        byte[] tag = sha384(ascii("blob" + blob.bytes.length));
        yield sha384(tag, sha384(blob.bytes));
      }
      case Items list -> {
        byte[] acc = sha384(ascii("list" + list.items().size()));
        for (Chunk child : list.items()) {
          acc = sha384(acc, hash(child));
        }
        yield acc;
      }
    };
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] sha384(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-384");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-384", e);
    }
  }
}
