package io.vowstream.compute;

import io.vowstream.runtime.config.ConfigException;
import io.vowstream.runtime.config.VowstreamConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * The compute unit as its own OS process.
 *
 * <pre>java -cp … io.vowstream.compute.ComputeUnitMain [--config file.properties] [--set key=value]…</pre>
 *
 * <p>Configuration comes from {@link VowstreamConfig} (overrides, system properties, environment,
 * the file). Prints {@code compute unit listening on <url>} when ready. After SIGTERM it closes the
 * unit and exits (status 143, as any JVM stopped by that signal); it exits with 1 when the unit
 * stops on a fatal error and with 2 on a configuration error.
 */
public final class ComputeUnitMain {
  private ComputeUnitMain() {}

  public static void main(String[] args) {
    Path file = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> file = Path.of(arg(args, ++i, "--config"));
        case "--set" -> {
          String kv = arg(args, ++i, "--set");
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            fail(2, "--set expects key=value, got '" + kv + "'");
          }
          overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> fail(2, "unknown argument '" + args[i] + "'; use --config <file> and --set key=value");
      }
    }
    ComputeUnit unit;
    try {
      unit = ComputeUnit.start(VowstreamConfig.load(file, overrides));
    } catch (ConfigException e) {
      fail(2, "configuration error: " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      fail(1, "the compute unit could not start: " + e);
      return;
    }
    System.out.println("compute unit listening on " + unit.httpUrl());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      unit.close();
      stopped.countDown();
    }, "cu-shutdown"));
    try {
      unit.terminated().block();
    } catch (RuntimeException e) {
      System.err.println("compute unit stopped on a fatal error: " + e.getMessage());
      Runtime.getRuntime().halt(1);
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String arg(String[] args, int i, String option) {
    if (i >= args.length) {
      fail(2, option + " needs a value");
    }
    return args[i];
  }

  private static void fail(int code, @Nullable String message) {
    System.err.println(message);
    System.exit(code);
  }
}
