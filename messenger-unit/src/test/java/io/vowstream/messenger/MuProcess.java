package io.vowstream.messenger;

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

/** {@link MessengerUnitMain} as a separate OS process, started from the build's classpath file. */
final class MuProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private MuProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static MuProcess start(Map<String, String> settings, Path log) throws IOException {
    Path classes = codeSource(MessengerUnitMain.class);
    Path classpathFile = classes.getParent().resolve("classpath.txt");
    if (!Files.exists(classpathFile)) {
      throw new IllegalStateException("no " + classpathFile + "; run the build to the package phase first");
    }
    String classpath = classes + java.io.File.pathSeparator + Files.readString(classpathFile).trim()
        + java.io.File.pathSeparator + codeSource(org.slf4j.simple.SimpleLogger.class);
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.vowstream.schemas",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
        "-cp", classpath, MessengerUnitMain.class.getName()));
    settings.forEach((k, v) -> {
      cmd.add("--set");
      cmd.add(k + "=" + v);
    });
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new MuProcess(p, log);
  }

  /** Waits for the "listening" line. */
  void awaitListening(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      if (text.contains("listening on")) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the MU process exited with " + process.exitValue() + ":\n" + text);
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the MU process did not start within " + timeout + ":\n" + Files.readString(log));
  }

  /** SIGKILL, and wait until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** The exit code, or -1 if it still runs after {@code timeout}. */
  int waitForExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: the shutdown hook closes the unit
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

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
