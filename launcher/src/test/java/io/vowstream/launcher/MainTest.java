package io.vowstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void parsesCommandConfigFileAndOverrides() {
    Main.Parsed p = Main.parse(new String[] {"--config", "v.properties", "run", "--set", "vowstream.topic.ingress=in", "--set", "a=b=c"});
    assertThat(p.command()).isEqualTo("run");
    assertThat(p.configFile()).isEqualTo(Path.of("v.properties"));
    assertThat(p.overrides()).containsEntry("vowstream.topic.ingress", "in").containsEntry("a", "b=c");
  }

  @Test
  void refusesMalformedArguments() {
    assertThatThrownBy(() -> Main.parse(new String[] {})).hasMessageContaining("no command given");
    assertThatThrownBy(() -> Main.parse(new String[] {"run", "extra"})).hasMessageContaining("unexpected arguments [extra]");
    assertThatThrownBy(() -> Main.parse(new String[] {"run", "--set", "novalue"})).hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> Main.parse(new String[] {"run", "--config"})).hasMessageContaining("--config needs a value");
  }

  @Test
  void unknownCommandPrintsUsageAndExitsWith2() {
    var err = new ByteArrayOutputStream();
    int rc = Main.run(new String[] {"fly"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), null);
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'fly'").contains("usage: vowstream");
  }

  @Test
  void aConfigurationErrorNamesTheKey() {
    var err = new ByteArrayOutputStream();
    int rc = Main.run(new String[] {"config", "--set", "vowstream.embedded.kafka.port=x"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), null);
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("configuration error").contains("vowstream.embedded.kafka.port");
  }

  @Test
  void configPrintsResolvedValues() {
    var out = new ByteArrayOutputStream();
    int rc = Main.run(new String[] {"config", "--set", "vowstream.topic.results=r"}, new PrintStream(out),
        new PrintStream(new ByteArrayOutputStream()), null);
    assertThat(rc).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .containsPattern("vowstream\\.topic\\.results\\s+r\\n")
        .containsPattern("vowstream\\.topic\\.ingress\\s+vowstream\\.ingress\\n");
  }
}
