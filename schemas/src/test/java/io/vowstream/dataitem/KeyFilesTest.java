package io.vowstream.dataitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A "random" source that always yields the same bytes, so generated keys are predictable. */
  static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte value;

    FixedRandom(int value) {
      this.value = (byte) value;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      Arrays.fill(bytes, value);
    }
  }

  @Test
  void loadOrCreateWritesAnOwnerOnlyEd25519KeyAndParentFolders() throws Exception {
    Path file = dir.resolve("units/su/key.json");
    SigningKey created = KeyFiles.loadOrCreate(file, new FixedRandom(7));
    assertThat(created.type()).isEqualTo(SignatureType.ED25519);
    assertThat(created.publicKey()).isEqualTo(Signer.ed25519(TestKeys.filled(32, 7)).publicKey());
    assertThat(Files.exists(file)).isTrue();
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    JsonNode jwk = JSON.readTree(file.toFile());
    assertThat(jwk.get("kty").asText()).isEqualTo("OKP");
    assertThat(jwk.get("crv").asText()).isEqualTo("Ed25519");
    assertThat(jwk.get("d").asText()).isEqualTo(Base64Url.encode(TestKeys.filled(32, 7)));
    assertThat(jwk.get("x").asText()).isEqualTo(Base64Url.encode(created.publicKey()));
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void loadOrCreateLoadsAnExistingFileUnchanged() throws Exception {
    Path file = dir.resolve("key.json");
    KeyFiles.write(file, TestKeys.ETHEREUM);
    String before = Files.readString(file);
    SigningKey loaded = KeyFiles.loadOrCreate(file, new FixedRandom(1));
    assertThat(loaded.type()).isEqualTo(SignatureType.ETHEREUM);
    assertThat(loaded.publicKey()).isEqualTo(TestKeys.ETHEREUM.publicKey());
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @Test
  void roundTripsAllThreeKinds() {
    for (SignatureType type : SignatureType.values()) {
      Path file = dir.resolve(type + ".json");
      SigningKey key = TestKeys.of(type);
      KeyFiles.write(file, key);
      SigningKey loaded = KeyFiles.load(file);
      assertThat(loaded.type()).isEqualTo(type);
      assertThat(loaded.publicKey()).isEqualTo(key.publicKey());
      assertThat(loaded.address()).isEqualTo(key.address());
      // The loaded key signs items the original key's owner verifies.
      var item = DataItems.sign(loaded, null, null, TestKeys.tags("k", "v"), new byte[] {1});
      assertThat(DataItems.verify(item).isValid()).isTrue();
      assertThat(KeyFiles.toJson(loaded)).isEqualTo(KeyFiles.toJson(key));
    }
  }

  @Test
  void writeReplacesAnExistingFile() {
    Path file = dir.resolve("key.json");
    KeyFiles.write(file, TestKeys.ED25519);
    KeyFiles.write(file, TestKeys.ETHEREUM);
    assertThat(KeyFiles.load(file).type()).isEqualTo(SignatureType.ETHEREUM);
  }

  @Test
  void jwkMembersFollowTheRfcs() throws Exception {
    JsonNode rsa = JSON.readTree(KeyFiles.toJson(TestKeys.RSA));
    assertThat(fieldNames(rsa)).containsExactly("kty", "n", "e", "d", "p", "q", "dp", "dq", "qi");
    assertThat(rsa.get("e").asText()).isEqualTo("AQAB");
    assertThat(Base64Url.decode(rsa.get("n").asText())).isEqualTo(TestKeys.RSA.publicKey());
    JsonNode ec = JSON.readTree(KeyFiles.toJson(TestKeys.ETHEREUM));
    assertThat(fieldNames(ec)).containsExactly("kty", "crv", "x", "y", "d");
    assertThat(Base64Url.decode(ec.get("x").asText())).hasSize(32);
    assertThat(Base64Url.decode(ec.get("d").asText())).hasSize(32);
    assertThat(fieldNames(JSON.readTree(KeyFiles.toJson(TestKeys.ED25519))))
        .containsExactly("kty", "crv", "x", "d");
  }

  @Test
  void arweaveWalletsWithExtraMembersLoad() {
    ObjectNode wallet = (ObjectNode) TestKeys.vector("arweave").get("jwk").deepCopy();
    wallet.put("ext", true);
    wallet.put("kid", "2011-04-29");
    SigningKey key = KeyFiles.parse(wallet.toString());
    assertThat(key.type()).isEqualTo(SignatureType.ARWEAVE);
    assertThat(key.address()).isEqualTo(TestKeys.vector("arweave").get("ownerAddress").asText());
  }

  @Test
  void generatedKeysOfEveryTypeRoundTrip() {
    // RSA-4096 generation is the slow part of this test (a few seconds).
    for (SignatureType type : SignatureType.values()) {
      SigningKey key = Signer.generate(type, new SecureRandom());
      assertThat(key.type()).isEqualTo(type);
      assertThat(key.publicKey()).hasSize(type.ownerLength());
      assertThat(KeyFiles.parse(KeyFiles.toJson(key)).publicKey()).isEqualTo(key.publicKey());
    }
  }

  @Test
  void toStringHidesThePrivateKey() {
    for (SignatureType type : SignatureType.values()) {
      SigningKey key = TestKeys.of(type);
      assertThat(key.toString()).contains(type.name()).contains(key.address());
      JsonNode jwk = readTree(KeyFiles.toJson(key));
      assertThat(key.toString()).doesNotContain(jwk.get("d").asText());
    }
  }

  @Test
  void missingAndUnreadableFiles() throws Exception {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> KeyFiles.load(missing)).isInstanceOf(KeyFileException.class)
        .hasMessage("key file " + missing + " does not exist");
    assertThatThrownBy(() -> KeyFiles.load(dir)).isInstanceOf(KeyFileException.class)
        .hasMessageContaining("key file " + dir + " cannot be read");
  }

  @Test
  void filesThatCannotBeCreatedNameThePath() throws Exception {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file where a folder should be");
    Path file = blocker.resolve("key.json");
    assertThatThrownBy(() -> KeyFiles.loadOrCreate(file, new FixedRandom(3)))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("key file " + file + " cannot be created");
    assertThatThrownBy(() -> KeyFiles.write(file, TestKeys.ED25519))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("key file " + file + " cannot be written");
  }

  @Test
  void wrongContentNamesTheFileAndTheProblem() throws Exception {
    assertBadFile("not json at all", "not JSON");
    assertBadFile("[1, 2]", "expected a JSON object");
    assertBadFile("{}", "missing member \"kty\"");
    assertBadFile("{\"kty\": 5}", "member \"kty\" must be a string");
    assertBadFile("{\"kty\": \"oct\"}", "unsupported key type \"kty\": \"oct\"");
    assertBadFile("{\"kty\": \"OKP\", \"crv\": \"X25519\", \"d\": \"AA\"}",
        "unsupported OKP curve \"crv\": \"X25519\"");
    assertBadFile("{\"kty\": \"OKP\", \"crv\": \"Ed25519\"}", "missing member \"d\"");
    assertBadFile("{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"d\": \"AAAA\"}",
        "\"d\" of an Ed25519 key must be 32 bytes, found 3");
    assertBadFile("{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"d\": \"!!\"}",
        "member \"d\" is not base64url text");
    String wrongX = "{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"d\": \""
        + Base64Url.encode(new byte[32]) + "\", \"x\": \"" + Base64Url.encode(new byte[32])
        + "\"}";
    assertBadFile(wrongX, "\"x\" is not the public key of \"d\"");
    assertBadFile("{\"kty\": \"EC\", \"crv\": \"P-256\", \"d\": \"AA\"}",
        "unsupported EC curve \"crv\": \"P-256\"");
    assertBadFile("{\"kty\": \"EC\", \"crv\": \"secp256k1\", \"d\": \""
        + Base64Url.encode(new byte[32]) + "\"}", "\"d\": a secp256k1 private key");
    ObjectNode ec = (ObjectNode) readTree(KeyFiles.toJson(TestKeys.ETHEREUM));
    ec.put("y", Base64Url.encode(new byte[32]));
    assertBadFile(ec.toString(), "\"y\" is not the public key of \"d\"");
    ObjectNode rsa = (ObjectNode) TestKeys.vector("arweave").get("jwk").deepCopy();
    rsa.remove("qi");
    assertBadFile(rsa.toString(), "missing member \"qi\"");
    ObjectNode rsaWrongP = (ObjectNode) TestKeys.vector("arweave").get("jwk").deepCopy();
    rsaWrongP.put("p", rsaWrongP.get("q").asText());
    assertBadFile(rsaWrongP.toString(), "\"p\" times \"q\" is not \"n\"");
  }

  private void assertBadFile(String content, String message) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, content);
    assertThatThrownBy(() -> KeyFiles.load(file)).as(content)
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith("key file " + file + ": ")
        .hasMessageContaining(message);
  }

  private static java.util.List<String> fieldNames(JsonNode node) {
    java.util.List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
