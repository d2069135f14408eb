package io.vowstream.registry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link CommandLog} in memory, shared by any number of servers in one JVM: the broker-free
 * stand-in for the Kafka topic in tests.
 *
 * <p>{@link #holdBack()} models records that are written but not yet visible to readers (Kafka's
 * high watermark not yet advanced): appends still return offsets, but neither readers nor
 * {@link #endOffset} see them until {@link #release()}. Tests use it to line up races.
 */
public final class InMemoryCommandLog implements CommandLog {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Entry> entries = new ArrayList<>();
  private int visible; // entries[0, visible) can be read
  private boolean holding;

  @Override
  public long append(byte[] key, byte[] value, Duration timeout) {
    lock.lock();
    try {
      long offset = entries.size();
      entries.add(new Entry(offset, key.clone(), value.clone()));
      if (!holding) {
        visible = entries.size();
      }
      changed.signalAll();
      return offset;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long endOffset(Duration timeout) {
    lock.lock();
    try {
      return visible;
    } finally {
      lock.unlock();
    }
  }

  /** From now on, appended records stay invisible until {@link #release()}. */
  public void holdBack() {
    lock.lock();
    try {
      holding = true;
    } finally {
      lock.unlock();
    }
  }

  /** Makes every appended record visible and stops holding back. */
  public void release() {
    lock.lock();
    try {
      holding = false;
      visible = entries.size();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many records were appended, visible or not. */
  public int appendedCount() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  /** A copy of every appended record, in order. */
  public List<Entry> snapshot() {
    lock.lock();
    try {
      return List.copyOf(entries);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Reader openReader() {
    return new MemoryReader();
  }

  @Override
  public String describe() {
    return "in-memory log";
  }

  /** Nothing to release: the log outlives the servers that share it. */
  @Override
  public void close() {}

  private final class MemoryReader implements Reader {
    private boolean wakeupRequested;

    @Override
    public Batch poll(long fromOffset, Duration maxWait) {
      long deadline = System.nanoTime() + maxWait.toNanos();
      lock.lock();
      try {
        while (visible <= fromOffset && !wakeupRequested) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            changed.awaitNanos(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        wakeupRequested = false;
        int from = (int) Math.max(0, fromOffset);
        if (from >= visible) {
          return new Batch(List.of(), Math.max(fromOffset, visible));
        }
        return new Batch(entries.subList(from, visible), visible);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void wakeup() {
      lock.lock();
      try {
        wakeupRequested = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      wakeup();
    }
  }
}
