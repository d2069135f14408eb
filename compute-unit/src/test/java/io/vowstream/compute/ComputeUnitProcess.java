package io.vowstream.compute;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link ComputeUnitMain} as a separate OS process, started from the build's classpath file. */
final class ComputeUnitProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ComputeUnitProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The module's build directory (where {@code classpath.txt} is). */
  static Path buildDir() {
    return codeSource(ComputeUnitMain.class).getParent();
  }

  static ComputeUnitProcess start(Map<String, String> settings, Path log) throws IOException {
    Path classes = codeSource(ComputeUnitMain.class);
    Path buildDir = buildDir();
    Path classpathFile = buildDir.resolve("classpath.txt");
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
        "-cp", classpath, ComputeUnitMain.class.getName()));
    settings.forEach((k, v) -> {
      cmd.add("--set");
      cmd.add(k + "=" + v);
    });
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new ComputeUnitProcess(p, log);
  }

  /** Waits for the "listening" line written after {@code offset} bytes of the log; returns the HTTP URL. */
  String awaitListening(long offset, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      byte[] all = Files.readAllBytes(log);
      String fresh = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
          StandardCharsets.UTF_8);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening on (\\S+)\\R").matcher(fresh);
      if (m.find()) {
        return m.group(1);
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the CU process exited with " + process.exitValue() + ":\n" + fresh);
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the CU process did not start within " + timeout);
  }

  /** SIGKILL, and wait until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Waits for the process to exit; returns its exit code, or -1 if it still runs after {@code timeout}. */
  int waitForExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: the unit's shutdown hook closes it cleanly
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
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
