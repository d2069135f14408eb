package io.vowstream.dataitem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The units' own keys as JSON Web Keys (RFC 7517, RFC 8037):
 *
 * <ul>
 *   <li>Ed25519 (the default): {@code {"kty":"OKP","crv":"Ed25519","x":…,"d":…}}
 *   <li>RSA: {@code {"kty":"RSA","n","e","d","p","q","dp","dq","qi"}} — the Arweave wallet
 *       format, so Arweave wallets load unchanged
 *   <li>secp256k1: {@code {"kty":"EC","crv":"secp256k1","x","y","d"}}
 * </ul>
 *
 * <p>Files are written with owner-only permissions (POSIX {@code rw-------} where supported).
 * Unknown JWK members (Arweave's {@code ext}, {@code kid}) are ignored on reading.
 */
public final class KeyFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private KeyFiles() {}

  /**
   * Reads a key file.
   *
   * @throws KeyFileException naming the file when it is missing, unreadable or not a supported
   *     key
   */
  public static SigningKey load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KeyFileException("key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new KeyFileException("key file " + file + " cannot be read: " + e, e);
    }
    try {
      return parse(text);
    } catch (KeyFileException e) {
      throw new KeyFileException("key file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the key file, or creates it with a fresh Ed25519 key when it does not exist. */
  public static SigningKey loadOrCreate(Path file) {
    return loadOrCreate(file, new SecureRandom());
  }

  /**
   * Reads the key file, or creates it (and its parent folders) with an Ed25519 key drawn from
   * {@code random} when it does not exist.
   *
   * @throws KeyFileException naming the file when it cannot be read or written
   */
  public static SigningKey loadOrCreate(Path file, SecureRandom random) {
    if (Files.exists(file)) {
      return load(file);
    }
    SigningKey key = Signer.generate(SignatureType.ED25519, random);
    try {
      if (writeFile(file, key, false)) {
        return key;
      }
      // Another process created it first: use theirs so both agree on one identity.
      return load(file);
    } catch (IOException e) {
      throw new KeyFileException("key file " + file + " cannot be created: " + e, e);
    }
  }

  /**
   * Writes (or replaces) a key file with owner-only permissions, creating parent folders.
   *
   * @throws KeyFileException naming the file when it cannot be written
   */
  public static void write(Path file, SigningKey key) {
    try {
      writeFile(file, key, true);
    } catch (IOException e) {
      throw new KeyFileException("key file " + file + " cannot be written: " + e, e);
    }
  }

  /** The JWK text of a key (contains the private key). */
  public static String toJson(SigningKey key) {
    Map<String, String> jwk = new LinkedHashMap<>();
    switch (key) {
      case Ed25519SigningKey ed -> {
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("x", Base64Url.encode(ed.publicKey()));
        jwk.put("d", Base64Url.encode(ed.seed()));
      }
      case RsaSigningKey rsa -> {
        RSAPrivateCrtKey k = rsa.key();
        jwk.put("kty", "RSA");
        jwk.put("n", uint(k.getModulus()));
        jwk.put("e", uint(k.getPublicExponent()));
        jwk.put("d", uint(k.getPrivateExponent()));
        jwk.put("p", uint(k.getPrimeP()));
        jwk.put("q", uint(k.getPrimeQ()));
        jwk.put("dp", uint(k.getPrimeExponentP()));
        jwk.put("dq", uint(k.getPrimeExponentQ()));
        jwk.put("qi", uint(k.getCrtCoefficient()));
      }
      case Secp256k1SigningKey ec -> {
        byte[] owner = ec.publicKey();
        jwk.put("kty", "EC");
        jwk.put("crv", "secp256k1");
        jwk.put("x", Base64Url.encode(Arrays.copyOfRange(owner, 1, 33)));
        jwk.put("y", Base64Url.encode(Arrays.copyOfRange(owner, 33, 65)));
        jwk.put("d", Base64Url.encode(RsaSigningKey.unsigned(ec.privateScalar(), 32)));
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(jwk) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JWK", e);
    }
  }

  /**
   * Parses JWK text.
   *
   * @throws KeyFileException naming the member that is missing or wrong
   */
  public static SigningKey parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new KeyFileException("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new KeyFileException("not a JSON Web Key: expected a JSON object");
    }
    String kty = text(root, "kty");
    return switch (kty) {
      case "OKP" -> parseEd25519(root);
      case "RSA" -> parseRsa(root);
      case "EC" -> parseSecp256k1(root);
      default -> throw new KeyFileException(
          "unsupported key type \"kty\": \"" + kty + "\" (expected OKP, RSA or EC)");
    };
  }

  private static SigningKey parseEd25519(JsonNode root) {
    String crv = text(root, "crv");
    if (!crv.equals("Ed25519")) {
      throw new KeyFileException(
          "unsupported OKP curve \"crv\": \"" + crv + "\" (expected Ed25519)");
    }
    byte[] seed = bytes(root, "d");
    if (seed.length != Ed25519SigningKey.SEED_LENGTH) {
      throw new KeyFileException("\"d\" of an Ed25519 key must be 32 bytes, found "
          + seed.length);
    }
    SigningKey key = Signer.ed25519(seed);
    if (root.has("x") && !Arrays.equals(bytes(root, "x"), key.publicKey())) {
      throw new KeyFileException("\"x\" is not the public key of \"d\"");
    }
    return key;
  }

  private static SigningKey parseRsa(JsonNode root) {
    BigInteger n = uint(root, "n");
    BigInteger e = uint(root, "e");
    BigInteger p = uint(root, "p");
    BigInteger q = uint(root, "q");
    if (!p.multiply(q).equals(n)) {
      throw new KeyFileException("\"p\" times \"q\" is not \"n\"");
    }
    RSAPrivateCrtKeySpec spec = new RSAPrivateCrtKeySpec(n, e, uint(root, "d"), p, q,
        uint(root, "dp"), uint(root, "dq"), uint(root, "qi"));
    RSAPrivateCrtKey key;
    try {
      key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException ex) {
      throw new KeyFileException("not a usable RSA key: " + ex.getMessage());
    }
    try {
      return Signer.rsa(key);
    } catch (IllegalArgumentException ex) {
      throw new KeyFileException(ex.getMessage());
    }
  }

  private static SigningKey parseSecp256k1(JsonNode root) {
    String crv = text(root, "crv");
    if (!crv.equals("secp256k1")) {
      throw new KeyFileException(
          "unsupported EC curve \"crv\": \"" + crv + "\" (expected secp256k1)");
    }
    byte[] d = bytes(root, "d");
    if (d.length != 32) {
      throw new KeyFileException("\"d\" of a secp256k1 key must be 32 bytes, found " + d.length);
    }
    SigningKey key;
    try {
      key = Signer.ethereum(new BigInteger(1, d));
    } catch (IllegalArgumentException ex) {
      throw new KeyFileException("\"d\": " + ex.getMessage());
    }
    byte[] owner = key.publicKey();
    if (root.has("x") && !Arrays.equals(bytes(root, "x"), Arrays.copyOfRange(owner, 1, 33))) {
      throw new KeyFileException("\"x\" is not the public key of \"d\"");
    }
    if (root.has("y") && !Arrays.equals(bytes(root, "y"), Arrays.copyOfRange(owner, 33, 65))) {
      throw new KeyFileException("\"y\" is not the public key of \"d\"");
    }
    return key;
  }

  /** Returns false when {@code replace} is off and the file appeared meanwhile. */
  private static boolean writeFile(Path file, SigningKey key, boolean replace)
      throws IOException {
    Path absolute = file.toAbsolutePath();
    Path parent = absolute.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean posix = Files.getFileStore(parent == null ? absolute.getRoot() : parent)
        .supportsFileAttributeView("posix");
    // Write next to the target and rename, so a reader never sees half a key; the temporary file
    // is created owner-only, so the key is never readable by others, even briefly.
    Path temporary = posix
        ? Files.createTempFile(parent, ".key-", ".tmp",
            PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : Files.createTempFile(parent, ".key-", ".tmp");
    try {
      Files.writeString(temporary, toJson(key), StandardCharsets.UTF_8);
      if (replace) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } else {
        try {
          Files.move(temporary, absolute);
        } catch (FileAlreadyExistsException e) {
          return false;
        }
      }
      if (posix) {
        Files.setPosixFilePermissions(absolute, OWNER_ONLY);
      }
      return true;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static String text(JsonNode root, String member) {
    JsonNode node = root.get(member);
    if (node == null || node.isNull()) {
      throw new KeyFileException("missing member \"" + member + "\"");
    }
    if (!node.isTextual()) {
      throw new KeyFileException("member \"" + member + "\" must be a string");
    }
    return node.asText();
  }

  private static byte[] bytes(JsonNode root, String member) {
    try {
      return Base64Url.decode(text(root, member));
    } catch (IllegalArgumentException e) {
      throw new KeyFileException("member \"" + member + "\" is " + e.getMessage());
    }
  }

  private static BigInteger uint(JsonNode root, String member) {
    byte[] raw = bytes(root, member);
    if (raw.length == 0) {
      throw new KeyFileException("member \"" + member + "\" is empty");
    }
    return new BigInteger(1, raw);
  }

  private static String uint(BigInteger value) {
    byte[] raw = value.toByteArray();
    // Base64urlUInt (RFC 7518 §2): the minimal unsigned big-endian octets.
    if (raw.length > 1 && raw[0] == 0) {
      raw = Arrays.copyOfRange(raw, 1, raw.length);
    }
    return Base64Url.encode(raw);
  }
}
