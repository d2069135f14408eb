package io.vowstream.dataitem;

import java.util.Base64;

/** Base64url without padding (RFC 4648 §5), the text form of ids, addresses and JWK fields. */
public final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Base64Url() {}

  /** Encodes without padding. */
  public static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Decodes base64url text; trailing padding is tolerated.
   *
   * @throws IllegalArgumentException quoting (a prefix of) the text when it is not base64url
   */
  public static byte[] decode(String text) {
    try {
      return DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
      throw new IllegalArgumentException(
          "not base64url text: \"" + shown + "\" (" + e.getMessage() + ")", e);
    }
  }
}
