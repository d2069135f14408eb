package io.vowstream.launcher;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One unit's main class ({@code SchedulerUnitMain}, {@code ComputeUnitMain}, {@code
 * MessengerUnitMain}) as a separate OS process, started from the launcher's {@code
 * classpath.txt} (written at the package phase), restartable after a SIGKILL with the same
 * settings and log file.
 */
final class UnitOsProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)\\R");
  private final String name;
  private final Class<?> main;
  private final Map<String, String> settings;
  private final Path log;
  private Process process;
  private String url = "";

  UnitOsProcess(String name, Class<?> main, Map<String, String> settings, Path log) {
    this.name = name;
    this.main = main;
    this.settings = Map.copyOf(settings);
    this.log = log;
  }

  /** The launcher's build directory (where {@code classpath.txt} is). */
  static Path buildDir() {
    try {
      return Path.of(UnitOsProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts the process and waits for its "listening on <url>" line; returns the URL. */
  synchronized String start(Duration timeout) throws IOException, InterruptedException {
    Path classpathFile = buildDir().resolve("classpath.txt");
    if (!Files.exists(classpathFile)) {
      throw new IllegalStateException("no " + classpathFile + "; run the launcher build to the package phase first");
    }
    String classpath = snapshotClasspath(classpathFile);
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.vowstream.schemas",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
        "-cp", classpath, main.getName()));
    settings.forEach((k, v) -> {
      cmd.add("--set");
      cmd.add(k + "=" + v);
    });
    if (!Files.exists(log)) {
      Files.createFile(log);
    }
    long offset = Files.size(log);
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      byte[] all = Files.readAllBytes(log);
      String fresh = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
          StandardCharsets.UTF_8);
      Matcher m = LISTENING.matcher(fresh);
      if (m.find()) {
        url = m.group(1);
        return url;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the " + name + " process exited with " + process.exitValue() + ":\n" + fresh);
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the " + name + " process did not start within " + timeout + " (log " + log + ")");
  }

  synchronized String url() {
    return url;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL, wait until it is gone, and mark the log. */
  synchronized void kill(String why) throws IOException, InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    Files.writeString(log, "\n==== SIGKILL: " + why + " ====\n", StandardOpenOption.APPEND);
  }

  /** SIGTERM (the unit's shutdown hook closes it); the exit code, or -1 if it had to be killed. */
  synchronized int stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return process == null ? 0 : process.exitValue();
    }
    process.destroy();
    if (process.waitFor(30, TimeUnit.SECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly();
    process.waitFor();
    return -1;
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (log " + log + ")";
  }

  private static String snapshot;

  /**
   * The classpath with the project's own jars copied once per test JVM: other builds on this
   * machine may install new snapshots into the local repository while the units restart, and every
   * incarnation of a unit must run the same code.
   */
  private static synchronized String snapshotClasspath(Path classpathFile) throws IOException {
    if (snapshot == null) {
      Path dir = Files.createTempDirectory(buildDir(), "unit-jars-");
      List<String> entries = new ArrayList<>();
      for (String entry : Files.readString(classpathFile).trim().split(Pattern.quote(File.pathSeparator))) {
        Path jar = Path.of(entry);
        if (jar.getFileName().toString().startsWith("vowstream-") && Files.isRegularFile(jar)) {
          Path copy = dir.resolve(jar.getFileName());
          Files.copy(jar, copy);
          entries.add(copy.toString());
        } else {
          entries.add(entry);
        }
      }
      snapshot = String.join(File.pathSeparator, entries);
    }
    return snapshot;
  }
}
