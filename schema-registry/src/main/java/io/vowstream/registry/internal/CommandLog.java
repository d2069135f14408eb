package io.vowstream.registry.internal;

import java.time.Duration;
import java.util.List;

/**
 * An append-only, totally ordered log of opaque records: the registry's only storage.
 *
 * <p>Offsets are dense enough for ordering but may have gaps (Kafka transaction markers,
 * compaction), so a reader continues from {@link Batch#nextOffset()}, never from "last + 1".
 */
public interface CommandLog extends AutoCloseable {

  /**
   * Appends one record and returns its offset once the log has accepted it durably.
   *
   * @throws LogTimeoutException when the log does not confirm within {@code timeout}
   */
  long append(byte[] key, byte[] value, Duration timeout);

  /**
   * The offset the next appended record would get, as the log sees it now. A reader that has
   * consumed up to here has seen every record acknowledged before this call.
   *
   * @throws LogTimeoutException when the log does not answer within {@code timeout}
   */
  long endOffset(Duration timeout);

  /** Opens an independent reader positioned at the start of the log. */
  Reader openReader();

  /** A short name for log lines, such as the topic. */
  String describe();

  @Override
  void close();

  /** One stored record. */
  record Entry(long offset, byte[] key, byte[] value) {}

  /** What one poll returned, and where the next poll should start. */
  record Batch(List<Entry> entries, long nextOffset) {
    public Batch {
      entries = List.copyOf(entries);
    }
  }

  /** A single-threaded cursor over the log. */
  interface Reader extends AutoCloseable {

    /**
     * Returns the records from {@code fromOffset} on, waiting up to {@code maxWait} for at least
     * one; an empty batch when none arrived. Returns early (possibly empty) after {@link #wakeup()}.
     */
    Batch poll(long fromOffset, Duration maxWait);

    /** Makes a blocked or the next {@link #poll} return promptly; safe from any thread. */
    void wakeup();

    @Override
    void close();
  }

  /** The log did not answer in time. */
  final class LogTimeoutException extends RuntimeException {
    public LogTimeoutException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
