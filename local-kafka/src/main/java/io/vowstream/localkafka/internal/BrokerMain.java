package io.vowstream.localkafka.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the broker JVM: formats the log directory on first start, then runs
 * {@code kafka.Kafka}.
 *
 * <p>A watchdog reads standard input, which is a pipe from the parent. When the parent goes away —
 * even by {@code kill -9}, when no shutdown hook of its can run — the pipe reaches end of file and
 * the broker shuts down cleanly instead of living on as an orphan holding ports and disk.
 *
 * <p>Arguments: {@code <server.properties> <cluster-id> <log-dir>}.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: BrokerMain <server.properties> <cluster-id> <log-dir>");
      System.exit(2);
    }
    String properties = args[0];
    String clusterId = args[1];
    Path logDir = Path.of(args[2]);

    Thread watchdog = Thread.ofPlatform().daemon().name("parent-watchdog").unstarted(() -> watchParent(System.in));
    watchdog.start();

    if (!Files.exists(logDir.resolve("meta.properties"))) {
      int rc = kafka.tools.StorageTool.execute(
          new String[] {"format", "-t", clusterId, "-c", properties, "--ignore-formatted"}, System.out);
      if (rc != 0) {
        System.err.println("vowstream: formatting " + logDir + " failed with exit code " + rc);
        System.exit(rc);
      }
    }
    kafka.Kafka.main(new String[] {properties});
  }

  private static void watchParent(InputStream in) {
    try {
      while (in.read() >= 0) {
        // The parent never writes; anything read is ignored.
      }
    } catch (IOException e) {
      // A broken pipe means the same as end of file.
    }
    System.err.println("vowstream: parent process is gone; stopping the broker");
    System.exit(0);
  }
}
