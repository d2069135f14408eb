package io.vowstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link ConfluentInteropNode} installs, reuses and runs the Node project, and how it fails:
 * with stand-in {@code node} and {@code npm} shell scripts, so no network or Node.js is needed.
 */
class ConfluentInteropNodeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private Path source;
  private Path work;
  private Path tools;

  @BeforeEach
  void project() throws IOException {
    source = Files.createDirectories(temp.resolve("src"));
    work = temp.resolve("build/confluent-interop");
    tools = Files.createDirectories(temp.resolve("tools"));
    for (String name : ConfluentInteropNode.PROJECT_FILES) {
      Files.writeString(source.resolve(name), "content of " + name + "\n");
    }
  }

  @Test
  void readsTheMajorVersionNodePrints() {
    assertThat(ConfluentInteropNode.nodeMajorVersion("v20.20.2")).isEqualTo(20);
    assertThat(ConfluentInteropNode.nodeMajorVersion(" v18.0.0\n")).isEqualTo(18);
    assertThat(ConfluentInteropNode.nodeMajorVersion("22.1.0")).isEqualTo(22);
    assertThatThrownBy(() -> ConfluentInteropNode.nodeMajorVersion("command not found"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cannot read a Node.js version from 'command not found'");
  }

  @Test
  void aMissingNodeFailsNamingItAndSayingTheTestDoesNotSkip() {
    ConfluentInteropNode project = project(temp.resolve("no-such-node").toString(), fakeNpm(0));
    assertThatThrownBy(project::install)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cannot start '" + temp.resolve("no-such-node") + "'")
        .hasMessageContaining("node --version")
        .hasMessageContaining("fails rather than skips");
  }

  @Test
  void aMissingNpmFailsNamingIt() {
    ConfluentInteropNode project = project(fakeNode("v20.1.0"), temp.resolve("no-such-npm").toString());
    assertThatThrownBy(project::install)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cannot start '" + temp.resolve("no-such-npm") + "' for npm ci");
  }

  @Test
  void anOldNodeFailsWithTheVersionItFound() {
    ConfluentInteropNode project = project(fakeNode("v16.20.0"), fakeNpm(0));
    assertThatThrownBy(project::install)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Node.js 18 or newer")
        .hasMessageContaining("v16.20.0");
  }

  @Test
  void anIncompleteProjectFailsNamingTheMissingFile() throws IOException {
    Files.delete(source.resolve("package-lock.json"));
    ConfluentInteropNode project = project(fakeNode("v20.1.0"), fakeNpm(0));
    assertThatThrownBy(project::install)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(source.resolve("package-lock.json") + " does not exist");
  }

  @Test
  void aFailedInstallReportsTheExitCodeAndTheLogTailAndIsRemembered() throws IOException {
    String npm = fakeNpm(3);
    ConfluentInteropNode project = project(fakeNode("v20.1.0"), npm);
    assertThatThrownBy(project::install)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("npm ci failed with exit code 3")
        .hasMessageContaining("npm says: ci --no-audit --no-fund");
    // The second call does not run npm again: the first failure is re-thrown.
    assertThatThrownBy(project::install)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("npm ci failed with exit code 3");
    assertThat(npmRuns()).isEqualTo(1);
  }

  @Test
  void anInstallThatLeavesNoClientFails() {
    ConfluentInteropNode project = project(fakeNode("v20.1.0"), script("npm-empty", "exit 0"));
    assertThatThrownBy(project::install)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("node_modules/@confluentinc/schemaregistry is missing");
  }

  @Test
  void aHangingInstallIsStoppedAndReported() {
    ConfluentInteropNode project = new ConfluentInteropNode(source, work, fakeNode("v20.1.0"),
        script("npm-hangs", "echo started; exec sleep 60"), Duration.ofMillis(500), Duration.ofSeconds(5));
    assertThatThrownBy(project::install)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("npm ci did not finish within 0.5 s")
        .hasMessageContaining("started");
  }

  @Test
  void copiesTheProjectAndInstallsOncePerUnchangedLockFile() throws IOException {
    String node = fakeNode("v20.1.0");
    String npm = fakeNpm(0);
    project(node, npm).install();
    for (String name : ConfluentInteropNode.PROJECT_FILES) {
      assertThat(work.resolve(name)).hasSameTextualContentAs(source.resolve(name));
    }
    assertThat(source.resolve("node_modules")).doesNotExist();
    assertThat(npmRuns()).isEqualTo(1);

    ConfluentInteropNode again = project(node, npm);
    again.install();
    again.install();
    assertThat(npmRuns()).as("npm runs after a second build with the same lock file").isEqualTo(1);

    Files.writeString(source.resolve("package-lock.json"), "a changed lock file\n");
    project(node, npm).install();
    assertThat(npmRuns()).as("npm runs after the lock file changed").isEqualTo(2);
  }

  @Test
  void runsTheScriptWithTheInputOnStdinAndParsesItsOutput() throws IOException {
    ConfluentInteropNode project = project(fakeNode("v20.1.0"), fakeNpm(0));
    JsonNode input = JSON.readTree("{\"registryUrl\":\"http://127.0.0.1:1\",\"n\":[1,2]}");
    JsonNode output = project.runScript("check.mjs", input);
    assertThat(output.path("script").asText()).isEqualTo("check.mjs");
    assertThat(output.path("input")).isEqualTo(input);
    assertThat(work.resolve("check.mjs.input.json")).exists();
  }

  @Test
  void aScriptThatPrintsNothingOrTwoDocumentsIsReported() {
    ConfluentInteropNode silent = project(script("node-silent", """
        if [ "$1" = --version ]; then echo v20.1.0; fi
        exit 0"""), fakeNpm(0));
    assertThatThrownBy(() -> silent.runScript("check.mjs", JSON.createObjectNode()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("node check.mjs printed nothing");
    ConfluentInteropNode twice = project(script("node-twice", """
        if [ "$1" = --version ]; then echo v20.1.0; exit 0; fi
        echo '{"a":1}'
        echo '{"b":2}'"""), fakeNpm(0));
    assertThatThrownBy(() -> twice.runScript("check.mjs", JSON.createObjectNode()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not print one JSON document");
  }

  @Test
  void aFailingScriptReportsItsExitCodeAndStderr() {
    ConfluentInteropNode project = project(script("node-fails", """
        if [ "$1" = --version ]; then echo v20.1.0; exit 0; fi
        echo "TypeError: boom" >&2
        exit 7"""), fakeNpm(0));
    assertThatThrownBy(() -> project.runScript("check.mjs", JSON.createObjectNode()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("node check.mjs exited with 7")
        .hasMessageContaining("TypeError: boom");
  }

  @Test
  void aScriptThatPrintsNoJsonIsReported() {
    ConfluentInteropNode project = project(script("node-chatty", """
        if [ "$1" = --version ]; then echo v20.1.0; exit 0; fi
        echo "hello, not json {"
        echo "a warning" >&2"""), fakeNpm(0));
    assertThatThrownBy(() -> project.runScript("check.mjs", JSON.createObjectNode()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not print one JSON document")
        .hasMessageContaining("hello, not json {")
        .hasMessageContaining("a warning");
  }

  @Test
  void tailKeepsTheLastLinesAndExplainsAMissingOrEmptyLog() throws IOException {
    Path log = temp.resolve("some.log");
    assertThat(ConfluentInteropNode.tail(log, 2)).contains("was not written").contains(log.toString());
    Files.writeString(log, "");
    assertThat(ConfluentInteropNode.tail(log, 2)).contains("is empty");
    Files.writeString(log, "one\ntwo\nthree\n");
    assertThat(ConfluentInteropNode.tail(log, 2)).isEqualTo("two\nthree");
    assertThat(ConfluentInteropNode.tail(log, 10)).isEqualTo("one\ntwo\nthree");
    Files.write(log, new byte[] {'o', 'k', '\n', (byte) 0xff, '\n'});
    assertThat(ConfluentInteropNode.tail(log, 2)).startsWith("ok\n");
  }

  // ---- stand-ins -------------------------------------------------------------------------------

  private ConfluentInteropNode project(String node, String npm) {
    return new ConfluentInteropNode(source, work, node, npm, Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  /** A node that prints {@code version}, and otherwise echoes its stdin inside a JSON object. */
  private String fakeNode(String version) {
    return script("node-" + version, """
        if [ "$1" = --version ]; then echo %s; exit 0; fi
        printf '{"script":"%%s","input":' "$1"
        cat
        printf '}\\n'""".formatted(version));
  }

  /** An npm that counts its runs, logs its arguments, installs the client dir and exits. */
  private String fakeNpm(int exit) {
    return script("npm-" + exit, """
        echo run >> "%s"
        echo "npm says: $*"
        mkdir -p node_modules/@confluentinc/schemaregistry
        exit %d""".formatted(temp.resolve("npm-runs"), exit));
  }

  private int npmRuns() throws IOException {
    Path runs = temp.resolve("npm-runs");
    return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
  }

  private String script(String name, String body) {
    try {
      Path file = tools.resolve(name);
      Files.writeString(file, "#!/bin/sh\n" + body + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
      return file.toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
