package io.vowstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.FakeRegistryServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class VowstreamSerdeConfigTest {

  @Test
  void defaultsMatchTheDocumentedConstants() {
    VowstreamSerdeConfig config = new VowstreamSerdeConfig(Map.of());
    assertThat(config.schemaRegistryUrls()).isEmpty();
    assertThat(config.autoRegisterSchemas()).isTrue();
    assertThat(config.useLatestVersion()).isFalse();
    assertThat(config.specificAvroReader()).isTrue();
    assertThat(config.basicAuthUserInfo()).isNull();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.cacheCapacity()).isEqualTo(1000);
  }

  @Test
  void parsesEveryKeyAndIgnoresUnknownOnes() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("schema.registry.url", "http://a:8081, http://b:8081");
    raw.put("auto.register.schemas", "false");
    raw.put("use.latest.version", true);
    raw.put("specific.avro.reader", "false");
    raw.put("basic.auth.user.info", "u:p");
    raw.put("http.connect.timeout.ms", 1500);
    raw.put("http.read.timeout.ms", "2500");
    raw.put("schema.registry.cache.capacity", 7);
    raw.put("bootstrap.servers", "localhost:9092");
    raw.put("acks", "all");
    VowstreamSerdeConfig config = new VowstreamSerdeConfig(raw);

    assertThat(config.schemaRegistryUrls()).containsExactly("http://a:8081", "http://b:8081");
    assertThat(config.autoRegisterSchemas()).isFalse();
    assertThat(config.useLatestVersion()).isTrue();
    assertThat(config.specificAvroReader()).isFalse();
    assertThat(config.basicAuthUserInfo()).isEqualTo("u:p");
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.cacheCapacity()).isEqualTo(7);
  }

  @Test
  void invalidValuesNameTheKey() {
    assertThatThrownBy(() -> new VowstreamSerdeConfig(Map.of("http.read.timeout.ms", 0)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.read.timeout.ms");
    assertThatThrownBy(() -> new VowstreamSerdeConfig(Map.of("auto.register.schemas", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auto.register.schemas");
  }

  @Test
  void everyKeyIsDocumented() {
    assertThat(VowstreamSerdeConfig.configDef().names())
        .containsExactlyInAnyOrder(
            VowstreamSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
            VowstreamSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG,
            VowstreamSerdeConfig.USE_LATEST_VERSION_CONFIG,
            VowstreamSerdeConfig.SPECIFIC_AVRO_READER_CONFIG,
            VowstreamSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG,
            VowstreamSerdeConfig.CONNECT_TIMEOUT_MS_CONFIG,
            VowstreamSerdeConfig.READ_TIMEOUT_MS_CONFIG,
            VowstreamSerdeConfig.CACHE_CAPACITY_CONFIG);
    VowstreamSerdeConfig.configDef().configKeys().values()
        .forEach(k -> assertThat(k.documentation).as(k.name).isNotBlank());
  }

  @Test
  void configuringWithoutAUrlOrClientFailsNamingTheKey() {
    assertThatThrownBy(() -> new VowstreamAvroSerializer<Tag>().configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url")
        .hasMessageContaining("VowstreamAvroSerializer");
    assertThatThrownBy(() -> new VowstreamAvroDeserializer<Tag>().configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("VowstreamAvroDeserializer");
    assertThatThrownBy(
            () -> new VowstreamAvroSerializer<Tag>().configure(Map.of("schema.registry.url", "ftp://x"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ftp://x");
  }

  @Test
  void serdesConfiguredByUrlTalkToTheRegistryWithAuthAndFailover() throws IOException {
    String dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = "http://127.0.0.1:" + s.getLocalPort();
    }
    try (FakeRegistryServer server = new FakeRegistryServer()) {
      server.answer("POST /subjects/vowstream.tags-value/versions", 200, "{\"id\":258}");
      server.answer(
          "GET /schemas/ids/258",
          200,
          "{\"schema\":" + new com.fasterxml.jackson.databind.ObjectMapper()
              .writeValueAsString(Tag.getClassSchema().toString()) + "}");
      Map<String, Object> configs =
          Map.of(
              "schema.registry.url", dead + "," + server.url(),
              "basic.auth.user.info", "svc:pw",
              "http.connect.timeout.ms", 5000);

      Serde<Tag> serde = VowstreamSerdes.value(Tag.class, configs);
      byte[] bytes = serde.serializer().serialize("vowstream.tags", new Tag("a", "b"));
      Tag back = serde.deserializer().deserialize("vowstream.tags", bytes);
      serde.close();

      assertThat(bytes).startsWith(0, 0, 0, 1, 2);
      assertThat(back).isEqualTo(new Tag("a", "b"));
      assertThat(server.requests()).hasSize(2);
      String auth = "Basic " + Base64.getEncoder().encodeToString("svc:pw".getBytes(StandardCharsets.UTF_8));
      server.requests().forEach(r -> assertThat(r.header("Authorization")).isEqualTo(auth));
    }
  }

  @Test
  void aStringKeySerdeFromConfigUsesTheKeySubject() throws IOException {
    try (FakeRegistryServer server = new FakeRegistryServer()) {
      server.answer("POST /subjects/vowstream.ingress-key/versions", 200, "{\"id\":1}");
      Serde<String> keys = VowstreamSerdes.stringKey(Map.of("schema.registry.url", server.url()));
      assertThat(keys.serializer().serialize("vowstream.ingress", "pid")).startsWith(0, 0, 0, 0, 1);
      assertThat(server.lastRequest().body()).contains("string");
      keys.close();
    }
  }
}
