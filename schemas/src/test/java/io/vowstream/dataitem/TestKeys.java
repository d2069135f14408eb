package io.vowstream.dataitem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vowstream.schemas.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Fixed test keys and the arbundles vectors, loaded once per JVM. */
final class TestKeys {
  static final JsonNode VECTORS = readVectors();
  /** The RSA-4096 key of the arbundles vectors: saves generating one per test class. */
  static final SigningKey RSA = KeyFiles.parse(vector("arweave").get("jwk").toString());
  static final SigningKey ED25519 = Signer.ed25519(
      HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  static final SigningKey ETHEREUM = Signer.ethereum(new BigInteger(
      "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16));

  private TestKeys() {}

  static SigningKey of(SignatureType type) {
    return switch (type) {
      case ARWEAVE -> RSA;
      case ED25519 -> ED25519;
      case ETHEREUM -> ETHEREUM;
    };
  }

  static JsonNode vector(String name) {
    for (JsonNode item : VECTORS.get("items")) {
      if (item.get("name").asText().equals(name)) {
        return item;
      }
    }
    throw new IllegalArgumentException("no vector " + name);
  }

  static List<Tag> tags(String... nameValues) {
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      tags.add(new Tag(nameValues[i], nameValues[i + 1]));
    }
    return tags;
  }

  static byte[] filled(int length, int value) {
    byte[] out = new byte[length];
    java.util.Arrays.fill(out, (byte) value);
    return out;
  }

  private static JsonNode readVectors() {
    try (InputStream in = TestKeys.class.getResourceAsStream("/dataitem/ans104-vectors.json")) {
      if (in == null) {
        throw new IllegalStateException("missing /dataitem/ans104-vectors.json");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
