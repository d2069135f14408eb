package io.vowstream.launcher;

import io.vowstream.runtime.config.ConfigException;
import io.vowstream.runtime.config.VowstreamConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/** Entry point of the {@code vowstream} command. */
public final class Main {
  private Main() {}

  static final String USAGE = """
      usage: vowstream <command> [--config FILE] [--set KEY=VALUE]...

      commands:
        run     start the pipeline (embedded Kafka broker and schema registry unless configured)
        config  print every configuration key with its resolved value
        help    print this text

      Configuration keys are listed in the README; --set and --config apply to every command.""";

  public static void main(String[] args) {
    int rc = run(args, System.out, System.err, null);
    if (rc != 0) {
      System.exit(rc);
    }
  }

  /**
   * Runs a command; returns the exit code. {@code stop}, when given, replaces Ctrl-C for the
   * long-running {@code run} command (tests count it down).
   */
  static int run(String[] args, PrintStream out, PrintStream err, @Nullable CountDownLatch stop) {
    Parsed parsed;
    try {
      parsed = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("vowstream: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      VowstreamConfig config = VowstreamConfig.load(parsed.configFile(), parsed.overrides());
      return switch (parsed.command()) {
        case "run" -> new RunCommand(config, out, stop).call();
        case "config" -> printConfig(config, out);
        case "help", "--help", "-h" -> {
          out.println(USAGE);
          yield 0;
        }
        default -> {
          err.println("vowstream: unknown command '" + parsed.command() + "'");
          err.println(USAGE);
          yield 2;
        }
      };
    } catch (ConfigException e) {
      err.println("vowstream: configuration error: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("vowstream: " + e.getMessage());
      return 1;
    }
  }

  private static int printConfig(VowstreamConfig config, PrintStream out) {
    for (var key : VowstreamConfig.KEYS) {
      out.printf("%-40s %s%n", key.name(), config.get(key).map(Object::toString).orElse("(unset)"));
    }
    return 0;
  }

  record Parsed(String command, @Nullable Path configFile, Map<String, String> overrides) {}

  static Parsed parse(String[] args) {
    List<String> rest = new ArrayList<>();
    Path file = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--config" -> file = Path.of(value(args, ++i, a));
        case "--set" -> {
          String kv = value(args, ++i, a);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--set takes KEY=VALUE, got '" + kv + "'");
          }
          overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> rest.add(a);
      }
    }
    if (rest.size() != 1) {
      throw new IllegalArgumentException(rest.isEmpty() ? "no command given" : "unexpected arguments " + rest.subList(1, rest.size()));
    }
    return new Parsed(rest.getFirst(), file, overrides);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
