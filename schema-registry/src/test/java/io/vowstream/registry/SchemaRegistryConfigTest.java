package io.vowstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.registry.internal.InMemoryCommandLog;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigTest {

  @Test
  void everyKeyHasADocAFlagAndAUniqueName() {
    assertThat(SchemaRegistryConfig.keys()).allSatisfy(key -> {
      assertThat(key.doc()).isNotBlank();
      assertThat(key.flag()).startsWith("--");
      assertThat(SchemaRegistryConfig.byName(key.name())).contains(key);
      assertThat(SchemaRegistryConfig.byFlag(key.flag())).contains(key);
    });
    assertThat(SchemaRegistryConfig.keys().stream().map(SchemaRegistryConfig.Key::name).distinct())
        .hasSize(SchemaRegistryConfig.keys().size());
  }

  @Test
  void documentedDefaults() {
    assertThat(SchemaRegistryConfig.TOPIC.defaultValue()).isEqualTo("_schemas");
    assertThat(SchemaRegistryConfig.HOST.defaultValue()).isEqualTo("127.0.0.1");
    assertThat(SchemaRegistryConfig.PORT.defaultValue()).isEqualTo("8081");
    assertThat(SchemaRegistryConfig.BOOTSTRAP_SERVERS.defaultValue()).isNull();
  }

  @Test
  void startingWithoutBootstrapServersNamesTheMissingSetting() {
    assertThatThrownBy(() -> SchemaRegistryServer.builder().port(0).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("bootstrapServers");
  }

  @Test
  void builderRejectsBadValuesNamingThem() {
    SchemaRegistryServer.Builder b = SchemaRegistryServer.builder();
    assertThatThrownBy(() -> b.port(70000)).hasMessageContaining("port").hasMessageContaining("70000");
    assertThatThrownBy(() -> b.port(-1)).hasMessageContaining("port");
    assertThatThrownBy(() -> b.topic(" ")).hasMessageContaining("topic");
    assertThatThrownBy(() -> b.host("")).hasMessageContaining("host");
    assertThatThrownBy(() -> b.bootstrapServers("")).hasMessageContaining("bootstrapServers");
    assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> b.requestThreads(0)).hasMessageContaining("requestThreads");
    assertThatThrownBy(() -> b.kafkaProperty(" ", "x")).hasMessageContaining("Kafka property");
  }

  @Test
  void configureRejectsUnknownKeysAndNonNumbers() {
    assertThatThrownBy(() -> SchemaRegistryServer.builder().configure(Map.of("colour", "red")))
        .hasMessageContaining("colour").hasMessageContaining("schema.registry.port");
    assertThatThrownBy(() -> SchemaRegistryServer.builder()
        .configure(Map.of("schema.registry.port", "eighty")))
        .hasMessageContaining("schema.registry.port").hasMessageContaining("eighty");
  }

  @Test
  void configuredSettingsTakeEffect() {
    try (SchemaRegistryServer server = SchemaRegistryServer.builder()
        .configure(Map.of("schema.registry.port", "0", "schema.registry.host", "localhost",
            "schema.registry.request.threads", "2", "kafka.security.protocol", "PLAINTEXT"))
        .commandLog(new InMemoryCommandLog()).start()) {
      assertThat(server.url()).isEqualTo("http://localhost:" + server.port());
      assertThat(new RegistryHttp(server.url()).get("/").status()).isEqualTo(200);
    }
  }

  @Test
  void commandLineArgumentsMapToSettings() {
    try (SchemaRegistryServer server = SchemaRegistryServer.parseArguments(
            new String[] {"--port", "0", "--topic=_other", "--request-timeout-ms", "5000",
                "--kafka-property", "client.id=x"})
        .commandLog(new InMemoryCommandLog()).start()) {
      assertThat(server.port()).isPositive();
    }
  }

  @Test
  void commandLineErrorsNameTheOption() {
    assertThatThrownBy(() -> SchemaRegistryServer.parseArguments(new String[] {"--colour", "x"}))
        .hasMessageContaining("--colour");
    assertThatThrownBy(() -> SchemaRegistryServer.parseArguments(new String[] {"--port"}))
        .hasMessageContaining("--port").hasMessageContaining("needs a value");
    assertThatThrownBy(() -> SchemaRegistryServer.parseArguments(
        new String[] {"--kafka-property", "novalue"})).hasMessageContaining("key=value");
    assertThatThrownBy(() -> SchemaRegistryServer.parseArguments(new String[] {"--port", "x"}))
        .hasMessageContaining("schema.registry.port");
  }

  @Test
  void bindingABusyPortFailsNamingTheAddress() {
    try (SchemaRegistryServer first = SchemaRegistryServer.builder().port(0)
        .commandLog(new InMemoryCommandLog()).start()) {
      assertThatThrownBy(() -> SchemaRegistryServer.builder().port(first.port())
          .commandLog(new InMemoryCommandLog()).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + first.port());
    }
  }
}
