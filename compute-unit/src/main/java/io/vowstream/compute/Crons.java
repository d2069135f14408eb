package io.vowstream.compute;

import io.vowstream.schemas.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A process's CU-generated cron messages (ao's {@code Cron-Interval} / {@code Cron-Tag-*} process
 * tags) and the ticks due between two scheduled items.
 *
 * <p>Ticks come from the schedule alone: tick {@code k >= 1} of a time cron is at the boot's
 * timestamp plus {@code k} intervals, of a block cron at the boot's block height plus {@code k}
 * intervals, and the ticks evaluated before scheduled item {@code n} are those in (item {@code
 * n-1}, item {@code n}]. No wall clock is read, so every fold of a schedule sees the same ticks.
 */
record Crons(List<Cron> crons, long originTimestamp, long originHeight) {
  static final String INTERVAL_TAG = "Cron-Interval";
  static final String TAG_PREFIX = "Cron-Tag-";

  Crons {
    crons = List.copyOf(crons);
  }

  /**
   * One {@code Cron-Interval} and the tags of its messages.
   *
   * @param index its position among the process's crons (declaration order)
   * @param interval the tag value as written, e.g. {@code 5-minutes}
   * @param blocks true for a block cron ({@code period} in blocks), false for a time cron ({@code
   *     period} in milliseconds, whole seconds)
   */
  record Cron(int index, String interval, boolean blocks, long period, List<Tag> tags) {
    Cron {
      tags = List.copyOf(tags);
    }
  }

  /**
   * A tick due: cron {@code cron}'s {@code k}-th, at {@code timestamp} and {@code height} (a block
   * tick has the timestamp of the window's start, a time tick the height of the window's start).
   */
  record Tick(Cron cron, long k, long timestamp, long height) {
    /** The tick's key, unique per process and ordinate: {@code <cron index>:<k>-<interval>}. */
    String key() {
      return cron.index() + ":" + k + "-" + cron.interval();
    }
  }

  /** A {@code Cron-*} tag the CU cannot use; the boot result names it. */
  static final class BadCron extends RuntimeException {
    BadCron(String message) {
      super(message);
    }
  }

  /**
   * The crons declared by a process item's tags, in order: each {@code Cron-Tag-X: v} belongs to
   * the {@code Cron-Interval} before it.
   *
   * @throws BadCron naming the tag, for a {@code Cron-Tag-*} before any interval, an empty tag
   *     name or an interval that does not parse
   */
  static List<Cron> parse(List<Tag> tags) {
    List<Cron> out = new ArrayList<>();
    List<Tag> current = null;
    String interval = null;
    for (Tag t : tags) {
      String name = t.getName();
      if (name.equals(INTERVAL_TAG)) {
        if (interval != null) {
          out.add(cron(out.size(), interval, current));
        }
        interval = t.getValue();
        current = new ArrayList<>();
        period(interval); // fail at the tag itself
      } else if (name.startsWith(TAG_PREFIX)) {
        if (current == null) {
          throw new BadCron("tag " + name + " comes before any " + INTERVAL_TAG + "; a Cron-Tag-* belongs to the "
              + "interval before it");
        }
        String own = name.substring(TAG_PREFIX.length());
        if (own.isEmpty()) {
          throw new BadCron("tag " + name + " names no tag");
        }
        current.add(new Tag(own, t.getValue()));
      }
    }
    if (interval != null) {
      out.add(cron(out.size(), interval, current));
    }
    return out;
  }

  private static Cron cron(int index, String interval, List<Tag> tags) {
    long[] p = period(interval);
    return new Cron(index, interval, p[0] == 1, p[1], tags);
  }

  /**
   * {@code N-blocks} (or {@code N-block}) or {@code N-<time unit>} as in ao (its {@code ms}
   * units: milliseconds, seconds, minutes, hours, days, weeks, years, with their short forms),
   * time rounded down to whole seconds and at least one second.
   *
   * @return {1, blocks} or {0, milliseconds}
   */
  static long[] period(String interval) {
    int dash = interval.indexOf('-');
    String bad = INTERVAL_TAG + " '" + interval + "' ";
    if (dash <= 0 || dash == interval.length() - 1) {
      throw new BadCron(bad + "is not N-<unit> (e.g. 10-blocks, 5-minutes)");
    }
    long n;
    try {
      n = Long.parseLong(interval.substring(0, dash).trim());
    } catch (NumberFormatException e) {
      throw new BadCron(bad + "does not start with a whole number");
    }
    String unit = interval.substring(dash + 1).trim().toLowerCase(Locale.ROOT);
    if (unit.equals("blocks") || unit.equals("block")) {
      if (n < 1) {
        throw new BadCron(bad + "must be at least 1 block");
      }
      return new long[] {1, n};
    }
    long unitMs = switch (unit) {
      case "milliseconds", "millisecond", "msecs", "msec", "ms" -> 1L;
      case "seconds", "second", "secs", "sec", "s" -> 1_000L;
      case "minutes", "minute", "mins", "min", "m" -> 60_000L;
      case "hours", "hour", "hrs", "hr", "h" -> 3_600_000L;
      case "days", "day", "d" -> 86_400_000L;
      case "weeks", "week", "w" -> 7 * 86_400_000L;
      case "years", "year", "yrs", "yr", "y" -> 31_557_600_000L; // 365.25 days, as ao's ms package
      default -> throw new BadCron(bad + "has unknown unit '" + unit + "' (blocks, seconds, minutes, hours, days, "
          + "weeks or years)");
    };
    long ms;
    try {
      ms = Math.multiplyExact(n, unitMs) / 1_000 * 1_000;
    } catch (ArithmeticException e) {
      throw new BadCron(bad + "is too long");
    }
    if (ms < 1_000) {
      throw new BadCron(bad + "is shorter than the minimum of 1 second");
    }
    return new long[] {0, ms};
  }

  /**
   * The ticks due after the item at ({@code fromTimestamp}, {@code fromHeight}) up to and
   * including the item at ({@code toTimestamp}, {@code toHeight}), in evaluation order: block
   * ticks first (by height, then declaration order), then time ticks (by time, then the finer
   * interval first, then declaration order).
   */
  List<Tick> due(long fromTimestamp, long fromHeight, long toTimestamp, long toHeight) {
    return window(fromTimestamp, fromHeight, toTimestamp, toHeight, MAX_TICKS_PER_WINDOW).ticks();
  }

  /**
   * The most ticks of one cron evaluated in one window (between two scheduled items). A 1-second
   * cron whose next message comes a month later would otherwise be millions of evaluations in one
   * transaction, which would outlast the transaction timeout and stall the partition for good. The
   * cap is part of the fold's rules (a constant, not a setting), so every CU folds alike; the
   * latest ticks are kept, the older ones are counted as skipped.
   */
  static final int MAX_TICKS_PER_WINDOW = 1000;

  /** The ticks due in a window, in evaluation order, and how many older ones the cap left out. */
  record Window(List<Tick> ticks, long skipped) {}

  Window window(long fromTimestamp, long fromHeight, long toTimestamp, long toHeight, int cap) {
    List<Tick> blocks = new ArrayList<>();
    List<Tick> times = new ArrayList<>();
    long skipped = 0;
    for (Cron c : crons) {
      long from = c.blocks() ? fromHeight : fromTimestamp;
      long to = c.blocks() ? toHeight : toTimestamp;
      long origin = c.blocks() ? originHeight : originTimestamp;
      long firstK = first(from, origin, c.period());
      long lastK = last(to, origin, c.period());
      if (lastK - firstK + 1 > cap) {
        skipped += lastK - cap + 1 - firstK;
        firstK = lastK - cap + 1;
      }
      for (long k = firstK; k <= lastK; k++) {
        if (c.blocks()) {
          blocks.add(new Tick(c, k, fromTimestamp, originHeight + k * c.period()));
        } else {
          times.add(new Tick(c, k, originTimestamp + k * c.period(), fromHeight));
        }
      }
    }
    blocks.sort(Comparator.comparingLong(Tick::height).thenComparingInt(t -> t.cron().index()));
    times.sort(Comparator.comparingLong(Tick::timestamp).thenComparingLong(t -> t.cron().period())
        .thenComparingInt(t -> t.cron().index()));
    List<Tick> out = new ArrayList<>(blocks);
    out.addAll(times);
    return new Window(out, skipped);
  }

  /** The first k >= 1 with origin + k·period > from. */
  private static long first(long from, long origin, long period) {
    return from < origin ? 1 : Math.max(1, Math.floorDiv(from - origin, period) + 1);
  }

  /** The last k with origin + k·period <= to (0 or less: none). */
  private static long last(long to, long origin, long period) {
    return to < origin ? 0 : Math.floorDiv(to - origin, period);
  }

  /** Tags as name/value strings, for the zone's meta store. */
  static List<String> pairs(List<Tag> tags) {
    List<String> out = new ArrayList<>();
    for (Tag t : tags) {
      out.add(t.getName());
      out.add(t.getValue());
    }
    return out;
  }
}
