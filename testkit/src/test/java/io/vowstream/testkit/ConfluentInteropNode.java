package io.vowstream.testkit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Node.js project in {@code src/test/node/confluent-interop}, copied into the build directory,
 * installed with {@code npm ci} and run with {@code node}. Every problem (node or npm missing or
 * too old, install failing or hanging, the script failing or printing no JSON) is an
 * {@link AssertionError} with a clear message and the tail of the log, so a test that needs the
 * Confluent client fails rather than skips when it cannot run.
 *
 * <p>The install happens once per instance; a failed install is remembered and re-thrown. The
 * installed {@code node_modules} is also kept across builds of one build directory: a stamp file
 * holds a digest of the manifest, lock file and npm settings, and a matching stamp skips
 * {@code npm ci}.
 */
final class ConfluentInteropNode {
  /** System property: the node executable (default {@code node} on the PATH). */
  static final String NODE_PROPERTY = "vowstream.test.node";
  /** System property: the npm executable (default {@code npm} on the PATH). */
  static final String NPM_PROPERTY = "vowstream.test.npm";
  /** The project's files that are copied; never {@code node_modules}. */
  static final List<String> PROJECT_FILES =
      List.of("package.json", "package-lock.json", ".npmrc", "check.mjs");
  static final String STAMP_FILE = ".vowstream-install-stamp";
  static final int MIN_NODE_MAJOR = 18;
  private static final int LOG_TAIL_LINES = 40;
  private static final Pattern NODE_VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+).*");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static @Nullable ConfluentInteropNode shared;

  private final Path source;
  private final Path workDir;
  private final String node;
  private final String npm;
  private final Duration installTimeout;
  private final Duration runTimeout;
  private boolean installed;
  private @Nullable AssertionError installFailure;

  ConfluentInteropNode(Path source, Path workDir, String node, String npm, Duration installTimeout,
      Duration runTimeout) {
    this.source = source;
    this.workDir = workDir;
    this.node = node;
    this.npm = npm;
    this.installTimeout = installTimeout;
    this.runTimeout = runTimeout;
  }

  /**
   * The project of this module, working in {@code <build dir>/confluent-interop}: one instance per
   * test JVM, so the install is shared by every test.
   */
  static synchronized ConfluentInteropNode shared() {
    if (shared == null) {
      Path buildDir = buildDirectory();
      Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
      shared = new ConfluentInteropNode(
          basedir.resolve("src/test/node/confluent-interop"),
          buildDir.resolve("confluent-interop"),
          System.getProperty(NODE_PROPERTY, "node"),
          System.getProperty(NPM_PROPERTY, "npm"),
          Duration.ofMinutes(5),
          Duration.ofSeconds(60));
    }
    return shared;
  }

  /** The module's build directory: the parent of the directory these test classes load from. */
  private static Path buildDirectory() {
    try {
      Path classes = Path.of(ConfluentInteropNode.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      return classes.toAbsolutePath().getParent();
    } catch (URISyntaxException | RuntimeException e) {
      throw new AssertionError("Cannot tell the build directory from where the test classes"
          + " were loaded: " + e, e);
    }
  }

  Path workDir() {
    return workDir;
  }

  /**
   * Copies the project into the work directory and runs {@code npm ci} there unless an earlier
   * install of the same files is in place.
   *
   * @throws AssertionError naming what is missing or what failed, with the log's tail
   */
  synchronized void install() {
    if (installFailure != null) {
      throw new AssertionError(installFailure.getMessage(), installFailure);
    }
    if (installed) {
      return;
    }
    try {
      doInstall();
      installed = true;
    } catch (AssertionError e) {
      installFailure = e;
      throw e;
    }
  }

  private void doInstall() {
    for (String name : PROJECT_FILES) {
      if (!Files.isRegularFile(source.resolve(name))) {
        throw new AssertionError("The Confluent interop project is incomplete: " + source.resolve(name)
            + " does not exist");
      }
    }
    checkNodeVersion();
    try {
      Files.createDirectories(workDir);
      for (String name : PROJECT_FILES) {
        Files.copy(source.resolve(name), workDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
      String stamp = installStamp();
      Path stampFile = workDir.resolve(STAMP_FILE);
      if (Files.isDirectory(workDir.resolve("node_modules/@confluentinc/schemaregistry"))
          && Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
        return;
      }
      Files.deleteIfExists(stampFile);
      Path log = workDir.resolve("npm-ci.log");
      Files.deleteIfExists(log);
      int exit = run(List.of(npm, "ci", "--no-audit", "--no-fund"), null, log, log, installTimeout,
          "npm ci");
      if (exit != 0) {
        throw new AssertionError("npm ci failed with exit code " + exit + " in " + workDir
            + "; the Confluent client cannot be installed. Last lines of " + log + ":\n"
            + tail(log, LOG_TAIL_LINES));
      }
      if (!Files.isDirectory(workDir.resolve("node_modules/@confluentinc/schemaregistry"))) {
        throw new AssertionError("npm ci succeeded but node_modules/@confluentinc/schemaregistry"
            + " is missing in " + workDir + ". Last lines of " + log + ":\n" + tail(log, LOG_TAIL_LINES));
      }
      Files.writeString(stampFile, stamp);
    } catch (IOException e) {
      throw new AssertionError("Could not prepare the Confluent interop project in " + workDir
          + ": " + e, e);
    }
  }

  private void checkNodeVersion() {
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve("node-version.log");
      Files.deleteIfExists(log);
      int exit = run(List.of(node, "--version"), null, log, log, Duration.ofSeconds(30),
          "node --version");
      String printed = Files.readString(log).trim();
      if (exit != 0) {
        throw new AssertionError("'" + node + " --version' failed with exit code " + exit + ": "
            + printed);
      }
      int major = nodeMajorVersion(printed);
      if (major < MIN_NODE_MAJOR) {
        throw new AssertionError("Node.js " + MIN_NODE_MAJOR + " or newer is needed to run"
            + " Confluent's JavaScript client; '" + node + "' is " + printed);
      }
    } catch (IOException e) {
      throw new AssertionError("Could not check the Node.js version in " + workDir + ": " + e, e);
    }
  }

  /** The major version in {@code node --version} output such as {@code v20.11.1}. */
  static int nodeMajorVersion(String printed) {
    Matcher m = NODE_VERSION.matcher(printed.trim());
    if (!m.matches()) {
      throw new AssertionError("Cannot read a Node.js version from '" + printed + "'");
    }
    return Integer.parseInt(m.group(1));
  }

  /**
   * Runs {@code script} of the installed project with {@code input} on stdin and returns the JSON
   * document it printed. The input and output stay in the work directory for rerunning by hand.
   *
   * @throws AssertionError when the script fails, hangs or prints no JSON, with its stderr tail
   */
  JsonNode runScript(String script, JsonNode input) {
    install();
    Path in = workDir.resolve(script + ".input.json");
    Path out = workDir.resolve(script + ".output.json");
    Path err = workDir.resolve(script + ".stderr.log");
    try {
      Files.writeString(in, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(input));
      int exit = run(List.of(node, script), in, out, err, runTimeout, "node " + script);
      String printed = Files.readString(out).trim();
      if (exit != 0) {
        throw new AssertionError("node " + script + " exited with " + exit + " (input: " + in
            + "). Last lines of its stderr:\n" + tail(err, LOG_TAIL_LINES));
      }
      if (printed.isEmpty()) {
        throw new AssertionError("node " + script + " printed nothing (input: " + in
            + "). Last lines of its stderr:\n" + tail(err, LOG_TAIL_LINES));
      }
      try {
        return JSON.readTree(printed);
      } catch (IOException e) {
        throw new AssertionError("node " + script + " did not print one JSON document (" + e
            .getMessage() + "); it printed:\n" + abbreviate(printed) + "\nstderr:\n"
            + tail(err, LOG_TAIL_LINES), e);
      }
    } catch (IOException e) {
      throw new AssertionError("Could not run node " + script + " in " + workDir + ": " + e, e);
    }
  }

  /**
   * Starts {@code command} in the work directory and waits for it; on timeout it and its child
   * processes are killed and an {@link AssertionError} names the command and the log's tail.
   */
  private int run(List<String> command, @Nullable Path stdin, Path stdout, Path stderr,
      Duration timeout, String what) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("npm_config_update_notifier", "false");
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    if (stdout.equals(stderr)) {
      builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()));
    } else {
      builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError("Cannot start '" + command.getFirst() + "' for " + what + ": "
          + e.getMessage() + ". Node.js " + MIN_NODE_MAJOR + "+ with npm must be on the PATH (or"
          + " named by -D" + NODE_PROPERTY + " / -D" + NPM_PROPERTY + "): this test runs"
          + " Confluent's JavaScript client and fails rather than skips without it.", e);
    }
    if (stdin == null) {
      process.getOutputStream().close(); // nothing to read: a prompt sees end of input at once
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(what + " did not finish within " + timeout.toMillis() / 1000.0
            + " s in " + workDir + " and was stopped. Last lines of its output:\n"
            + tail(stderr, LOG_TAIL_LINES));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + what, e);
    }
  }

  /** A digest of the files {@code npm ci} depends on, so a changed lock file reinstalls. */
  private String installStamp() throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String name : List.of("package.json", "package-lock.json", ".npmrc")) {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(workDir.resolve(name)));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The last {@code lines} lines of a log, or a note that it is missing or empty. */
  static String tail(Path log, int lines) {
    try {
      if (!Files.exists(log)) {
        return "(no log: " + log + " was not written)";
      }
      // Lenient decoding: a tool's output need not be valid UTF-8.
      List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      if (all.isEmpty()) {
        return "(" + log + " is empty)";
      }
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
  }
}
