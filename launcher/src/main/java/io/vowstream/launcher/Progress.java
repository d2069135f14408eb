package io.vowstream.launcher;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints numbered steps; a slow step shows its elapsed time while it runs, so a person watching the
 * terminal knows it is alive (on a terminal the line is redrawn, elsewhere a line every 5 s).
 */
final class Progress {
  private final PrintStream out;
  private final int steps;
  private final boolean terminal;
  private int current;

  Progress(PrintStream out, int steps, boolean terminal) {
    this.out = out;
    this.steps = steps;
    this.terminal = terminal;
  }

  /** A step that needs no work here, e.g. a broker that is configured rather than started. */
  void given(String label, String outcome) {
    current++;
    out.println("[" + current + "/" + steps + "] " + label + " ... " + outcome);
  }

  <T> T step(String label, Supplier<T> work, java.util.function.Function<T, String> outcome) {
    current++;
    String prefix = "[" + current + "/" + steps + "] " + label + " ... ";
    out.print(prefix);
    out.flush();
    long start = System.nanoTime();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress");
      t.setDaemon(true);
      return t;
    });
    long period = terminal ? 1 : 5;
    ticker.scheduleAtFixedRate(() -> {
      long s = elapsedSeconds(start);
      if (terminal) {
        out.print("\r" + prefix + s + " s");
      } else {
        out.print("(" + s + " s) ");
      }
      out.flush();
    }, period, period, TimeUnit.SECONDS);
    try {
      T result = work.get();
      ticker.shutdownNow();
      String took = String.format("%.1f s", (System.nanoTime() - start) / 1e9);
      out.println((terminal ? "\r" + prefix : "") + outcome.apply(result) + " (" + took + ")");
      return result;
    } catch (RuntimeException e) {
      ticker.shutdownNow();
      out.println((terminal ? "\r" + prefix : "") + "FAILED");
      throw e;
    }
  }

  private static long elapsedSeconds(long start) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }
}
