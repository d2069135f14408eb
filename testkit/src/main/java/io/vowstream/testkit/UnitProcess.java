package io.vowstream.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unit's main class as a separate OS process, for crash tests: started from the classpath file
 * ({@code classpath.txt}) that the unit's module writes into its build directory at the package
 * phase, with {@code --set key=value} settings, output appended to a log file; stopped by SIGTERM
 * ({@link #close()}) or SIGKILL ({@link #kill()}).
 */
public final class UnitProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)\\R");
  private final Process process;
  private final Path log;
  private final String name;

  private UnitProcess(Process process, Path log, String name) {
    this.process = process;
    this.log = log;
    this.name = name;
  }

  /** The build directory of the module holding {@code main} (where its {@code classpath.txt} is). */
  public static Path buildDir(Class<?> main) {
    return codeSource(main).getParent();
  }

  /** Starts {@code main} with the settings; returns at once (see {@link #awaitListening}). */
  public static UnitProcess start(Class<?> main, Map<String, String> settings, Path log) throws IOException {
    Path classpathFile = buildDir(main).resolve("classpath.txt");
    if (!Files.exists(classpathFile)) {
      throw new IllegalStateException("no " + classpathFile + "; run the build to the package phase first");
    }
    String classpath = codeSource(main) + File.pathSeparator + Files.readString(classpathFile).trim()
        + File.pathSeparator + simpleLogger();
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
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new UnitProcess(p, log, main.getSimpleName());
  }

  /**
   * Waits for the unit's {@code listening on <url>} line written after {@code offset} bytes of the
   * log (the log's size before a restart, so an earlier run's line does not count); returns the URL.
   */
  public String awaitListening(long offset, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String fresh = "";
    while (System.nanoTime() < deadline) {
      byte[] all = Files.readAllBytes(log);
      fresh = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
          StandardCharsets.UTF_8);
      Matcher m = LISTENING.matcher(fresh);
      if (m.find()) {
        return m.group(1);
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + fresh);
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(name + " did not start within " + timeout + ":\n" + fresh);
  }

  /** SIGKILL, and wait until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Waits for the process to exit; returns its exit code, or -1 if it still runs after {@code timeout}. */
  public int waitForExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** The whole log file. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM (the unit's shutdown hook closes it cleanly), then SIGKILL after 20 s. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** slf4j-simple from the test's own classpath: the units' classpath files leave the log binding out. */
  private static Path simpleLogger() {
    try {
      return codeSource(Class.forName("org.slf4j.simple.SimpleLogger"));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("slf4j-simple must be on the test classpath to give unit processes a log", e);
    }
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
