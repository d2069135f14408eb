package io.vowstream.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VowstreamConfigTest {

  private static final Properties NO_PROPS = new Properties();

  @Test
  void defaultsApplyWhenNothingIsSet() {
    VowstreamConfig c = VowstreamConfig.resolve(Map.of(), NO_PROPS, Map.of(), null);
    assertThat(c.require(VowstreamConfig.TOPIC_INGRESS)).isEqualTo("vowstream.ingress");
    assertThat(c.require(VowstreamConfig.EMBEDDED_KAFKA_PORT)).isEqualTo(9092);
    assertThat(c.get(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS)).isEmpty();
    assertThat(c.isSet(VowstreamConfig.TOPIC_INGRESS)).isFalse();
  }

  @Test
  void overridesBeatSystemPropertiesBeatEnvironmentBeatFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("v.properties");
    Files.writeString(file, """
        vowstream.topic.ingress=from-file
        vowstream.topic.schedule=from-file
        vowstream.topic.results=from-file
        vowstream.topic.rejected=from-file
        """, StandardCharsets.UTF_8);
    Properties sys = new Properties();
    sys.setProperty("vowstream.topic.schedule", "from-sys");
    sys.setProperty("vowstream.topic.ingress", "from-sys");
    Map<String, String> env = Map.of("VOWSTREAM_TOPIC_INGRESS", "from-env", "VOWSTREAM_TOPIC_RESULTS", "from-env");
    VowstreamConfig c = VowstreamConfig.resolve(Map.of("vowstream.topic.ingress", "from-override"), sys, env, file);
    assertThat(c.require(VowstreamConfig.TOPIC_INGRESS)).isEqualTo("from-override");
    assertThat(c.require(VowstreamConfig.TOPIC_SCHEDULE)).isEqualTo("from-sys");
    assertThat(c.require(VowstreamConfig.TOPIC_RESULTS)).isEqualTo("from-env");
    assertThat(c.require(VowstreamConfig.TOPIC_REJECTED)).isEqualTo("from-file");
  }

  @Test
  void conventionalEnvironmentAliasesWork() {
    VowstreamConfig c = VowstreamConfig.resolve(Map.of(), NO_PROPS,
        Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9092", "SCHEMA_REGISTRY_URL", "http://registry:8081"), null);
    assertThat(c.get(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS)).contains("broker:9092");
    assertThat(c.get(VowstreamConfig.SCHEMA_REGISTRY_URL)).contains("http://registry:8081");
    assertThat(c.isSet(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS)).isTrue();
  }

  @Test
  void anInvalidValueNamesTheKeyAndItsSource() {
    assertThatThrownBy(() -> VowstreamConfig.resolve(Map.of(), NO_PROPS, Map.of("VOWSTREAM_EMBEDDED_KAFKA_PORT", "70000"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vowstream.embedded.kafka.port")
        .hasMessageContaining("environment VOWSTREAM_EMBEDDED_KAFKA_PORT")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> VowstreamConfig.resolve(Map.of("vowstream.topic.ingress", "bad topic!"), NO_PROPS, Map.of(), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vowstream.topic.ingress")
        .hasMessageContaining("override");
  }

  @Test
  void anUnknownKeyIsRefusedSoThatTyposDoNotGoUnnoticed() {
    assertThatThrownBy(() -> VowstreamConfig.resolve(Map.of("vowstream.topic.ingres", "x"), NO_PROPS, Map.of(), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown configuration key 'vowstream.topic.ingres'");
  }

  @Test
  void clientSettingsPassThroughWithoutTheirPrefix() {
    VowstreamConfig c = VowstreamConfig.resolve(Map.of(
        "vowstream.kafka.client.security.protocol", "SASL_SSL",
        "vowstream.kafka.client.sasl.mechanism", "PLAIN",
        "vowstream.schema.registry.client.basic.auth.user.info", "u:p"), NO_PROPS, Map.of(), null);
    assertThat(c.kafkaClientProperties()).containsExactlyInAnyOrderEntriesOf(
        Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
    assertThat(c.registryClientProperties()).containsExactlyEntriesOf(Map.of("basic.auth.user.info", "u:p"));
  }

  @Test
  void withReturnsACopyAndLeavesTheOriginalAlone() {
    VowstreamConfig c = VowstreamConfig.resolve(Map.of(), NO_PROPS, Map.of(), null);
    VowstreamConfig d = c.with(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:1234");
    assertThat(d.get(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS)).contains("127.0.0.1:1234");
    assertThat(c.get(VowstreamConfig.KAFKA_BOOTSTRAP_SERVERS)).isEmpty();
  }

  @Test
  void everyKeyHasAUniqueNameAndADoc() {
    assertThat(VowstreamConfig.KEYS).extracting(ConfigKey::name).doesNotHaveDuplicates();
    assertThat(VowstreamConfig.KEYS).allSatisfy(k -> assertThat(k.doc()).isNotBlank());
  }

  /**
   * The README's configuration table is generated from the key constants. To refresh it after a
   * change: {@code ./mvnw -pl runtime test -Dtest=VowstreamConfigTest -Dvowstream.update.readme=true}.
   */
  @Test
  void readmeConfigurationTableMatchesTheKeys() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    String start = "<!-- config-table:start -->\n";
    String end = "<!-- config-table:end -->";
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    assertThat(from).as("README.md has the config-table markers").isGreaterThanOrEqualTo(0);
    assertThat(to).isGreaterThan(from);
    String expected = VowstreamConfig.markdownTable();
    if (Boolean.getBoolean("vowstream.update.readme")) {
      Files.writeString(readme, text.substring(0, from + start.length()) + expected + text.substring(to));
      text = Files.readString(readme, StandardCharsets.UTF_8);
      to = text.indexOf(end);
    }
    assertThat(text.substring(from + start.length(), to))
        .as("README configuration table; regenerate with -Dvowstream.update.readme=true")
        .isEqualTo(expected);
  }
}
