package io.vowstream.runtime;

import io.vowstream.runtime.config.ConfigException;
import io.vowstream.runtime.config.VowstreamConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The {@code main} every unit shares: {@code [--config file.properties] [--set key=value]…},
 * configuration from {@link VowstreamConfig} (overrides, system properties, environment, the file),
 * a ready line on standard output, a clean close on SIGTERM (the JVM then exits with 143, as any JVM
 * stopped by that signal), exit status 1 when the unit cannot start or stops on a fatal error, and
 * 2 on a configuration error.
 */
public final class UnitMain {
  private UnitMain() {}

  /** What {@link #run} needs of a started unit. */
  public interface RunningUnit extends AutoCloseable {
    /** Completes after {@link #close()}; fails when the unit stopped on a fatal error. */
    Mono<Void> terminated();

    @Override
    void close();
  }

  /**
   * Starts the unit from the command line and blocks until it stops.
   *
   * @param name the unit's name in messages, e.g. {@code scheduler unit}
   * @param ready the line printed once the unit runs
   */
  public static <U extends RunningUnit> void run(String[] args, String name, Function<VowstreamConfig, U> start,
      Function<U, String> ready) {
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
    U unit;
    try {
      unit = start.apply(VowstreamConfig.load(file, overrides));
    } catch (ConfigException e) {
      fail(2, "configuration error: " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      fail(1, "the " + name + " could not start: " + e);
      return;
    }
    System.out.println(ready.apply(unit));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      unit.close();
      stopped.countDown();
    }, name.replace(' ', '-') + "-shutdown"));
    try {
      unit.terminated().block();
    } catch (RuntimeException e) {
      System.err.println(name + " stopped on a fatal error: " + e.getMessage());
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
