package io.vowstream.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommandCodecTest {

  private final CommandCodec codec = new CommandCodec();

  @Test
  void everyCommandRoundTrips() {
    List<RegistryCommand> commands = List.of(
        new RegistryCommand.Register("s", "{\"type\":\"string\"}"),
        new RegistryCommand.DeleteSubject("s", true),
        new RegistryCommand.DeleteSubject("s", false),
        new RegistryCommand.DeleteVersion("s", 3, false),
        new RegistryCommand.DeleteVersion("s", RegistryCommand.LATEST, true),
        new RegistryCommand.SetConfig("s", CompatibilityLevel.FULL),
        new RegistryCommand.SetConfig(null, CompatibilityLevel.NONE),
        new RegistryCommand.DeleteConfig("s"),
        new RegistryCommand.DeleteConfig(null));
    for (RegistryCommand command : commands) {
      assertThat(codec.decode(codec.encode(command))).isEqualTo(command);
    }
  }

  @Test
  void keysCarryTheCommandIdAndForeignKeysAreRecognised() {
    UUID id = UUID.fromString("6a1f7d2e-0000-4000-8000-000000000001");
    assertThat(codec.commandId(codec.key(id))).isEqualTo(id.toString());
    assertThat(codec.commandId("{\"keytype\":\"SCHEMA\",\"subject\":\"s\"}".getBytes(
        StandardCharsets.UTF_8))).isNull();
    assertThat(codec.commandId("not json".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(codec.commandId(new byte[0])).isNull();
  }

  @Test
  void distinctIdsGiveDistinctKeysSoCompactionKeepsEveryCommand() {
    assertThat(codec.key(UUID.randomUUID())).isNotEqualTo(codec.key(UUID.randomUUID()));
  }

  @Test
  void badValuesAreRejectedNamingTheProblem() {
    assertThatThrownBy(() -> codec.decode("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> codec.decode("[1]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> codec.decode("{\"format\":2,\"type\":\"register\"}"
        .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("format 2");
    assertThatThrownBy(() -> codec.decode("{\"format\":1,\"type\":\"explode\"}"
        .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("explode");
    assertThatThrownBy(() -> codec.decode("{\"format\":1,\"type\":\"register\",\"subject\":\"s\"}"
        .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("'schema'");
    assertThatThrownBy(() -> codec.decode(
        "{\"format\":1,\"type\":\"set-config\",\"subject\":null,\"level\":\"UP\"}"
            .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("UP");
  }
}
