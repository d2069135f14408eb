package io.vowstream.dataitem;

import io.vowstream.schemas.Assignment;
import java.util.ArrayList;
import java.util.List;

/**
 * The ao hash chain of a process's schedule (SPEC §5), and a verifier that re-checks a schedule
 * from its seed.
 *
 * <p>{@code H(first) = SHA-256(raw(processId))}; {@code H(n) = SHA-256(raw(assignmentId(n-1)) ||
 * raw(H(n-1)))}. Ids and chain values are base64url without padding and must decode to 32 bytes.
 */
public final class HashChain {
  private HashChain() {}

  /**
   * The chain value of a process's first assignment.
   *
   * @throws IllegalArgumentException when the process id is not 32 base64url-encoded bytes
   */
  public static String seed(String processId) {
    return Base64Url.encode(sha256(raw("process id", processId)));
  }

  /**
   * The chain value that follows an assignment.
   *
   * @throws IllegalArgumentException when an input is not 32 base64url-encoded bytes
   */
  public static String next(String previousAssignmentId, String previousHashChain) {
    byte[] a = raw("previous assignment id", previousAssignmentId);
    byte[] h = raw("previous hash chain", previousHashChain);
    byte[] both = new byte[64];
    System.arraycopy(a, 0, both, 0, 32);
    System.arraycopy(h, 0, both, 32, 32);
    return Base64Url.encode(sha256(both));
  }

  /**
   * Checks a process's schedule as read back (in the order given): the first nonce is 0, nonces
   * are contiguous, every assignment names the process and epoch 0, the first chain value is the
   * seed and each next one follows from its predecessor. Returns the problems found, each naming
   * the nonce; an empty list means the schedule verifies.
   */
  public static List<String> verify(String processId, List<Assignment> schedule) {
    List<String> problems = new ArrayList<>();
    String expected;
    try {
      expected = seed(processId);
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
    long expectedNonce = 0;
    for (Assignment a : schedule) {
      if (!a.getProcessId().equals(processId)) {
        problems.add("nonce " + a.getNonce() + ": assignment " + a.getId() + " is for process " + a.getProcessId());
      }
      if (a.getNonce() != expectedNonce) {
        problems.add("nonce " + a.getNonce() + " where " + expectedNonce + " was expected");
      }
      if (a.getEpoch() != 0) {
        problems.add("nonce " + a.getNonce() + ": epoch " + a.getEpoch() + ", expected 0");
      }
      if (!a.getHashChain().equals(expected)) {
        problems.add("nonce " + a.getNonce() + ": Hash-Chain " + a.getHashChain() + ", expected " + expected);
      }
      try {
        expected = next(a.getId(), a.getHashChain());
      } catch (IllegalArgumentException e) {
        problems.add("nonce " + a.getNonce() + ": " + e.getMessage());
        return problems;
      }
      expectedNonce = a.getNonce() + 1;
    }
    return problems;
  }

  private static byte[] raw(String what, String text) {
    byte[] bytes;
    try {
      bytes = Base64Url.decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + what + " '" + text + "' is not base64url: " + e.getMessage(), e);
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException("the " + what + " '" + text + "' decodes to " + bytes.length
          + " bytes; 32 are required");
    }
    return bytes;
  }

  private static byte[] sha256(byte[] bytes) {
    return DataItems.sha256(bytes);
  }
}
