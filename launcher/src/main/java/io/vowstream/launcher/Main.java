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
      usage: vowstream <command> [options] [--config FILE] [--set KEY=VALUE]...

      commands:
        run     start the pipeline (embedded Kafka broker and schema registry unless configured)
                and the demo; keeps running until Ctrl-C
        send    send a message to a process of a running pipeline and print its result
                  --to PID [--tag Name=Value]... [--data TEXT] [--key FILE] [--no-wait]
        spawn   spawn a process on a running pipeline and print its boot result
                  --module NAME@VERSION [--boot INPUT] [--tag Name=Value]... [--key FILE] [--no-wait]
        config  print every configuration key with its resolved value
        help    print this text

      send and spawn sign with --key (default <data dir>/user-key.json, created on first use).
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
        case "send" -> new ClientCommands(config, out, PipelineClient.from(config)).send(parsed.arguments());
        case "spawn" -> new ClientCommands(config, out, PipelineClient.from(config)).spawn(parsed.arguments());
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

  record Parsed(String command, List<String> arguments, @Nullable Path configFile, Map<String, String> overrides) {}

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
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("no command given");
    }
    String command = rest.getFirst();
    List<String> arguments = List.copyOf(rest.subList(1, rest.size()));
    if (!arguments.isEmpty() && !command.equals("send") && !command.equals("spawn")) {
      throw new IllegalArgumentException("unexpected arguments " + arguments);
    }
    return new Parsed(command, arguments, file, overrides);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
