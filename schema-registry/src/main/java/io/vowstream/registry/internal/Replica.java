package io.vowstream.registry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's copy of the registry: a thread tails the {@link CommandLog} and applies every
 * record to a {@link RegistryState}, in log order.
 *
 * <p>Writers never change the state directly. They append a command with a fresh id, and wait
 * until the tailing thread applies that very record; its recorded outcome is their answer. So an
 * instance answers exactly what every other instance will conclude about the same record.
 */
public final class Replica implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration BACKOFF_AFTER_ERROR = Duration.ofSeconds(1);

  private final CommandLog log;
  private final CommandLog.Reader reader;
  private final CommandCodec codec = new CommandCodec();
  private final Supplier<UUID> commandIds;
  private final RegistryState state = new RegistryState();
  private final Object lock = new Object(); // guards state and nextOffset
  private final Map<String, CompletableFuture<CommandOutcome>> waiting = new ConcurrentHashMap<>();
  private final Thread applier;
  private long nextOffset;
  private volatile boolean running = true;

  /** Opens a reader on {@code log} and starts tailing it from the beginning. */
  public Replica(CommandLog log, Supplier<UUID> commandIds, String threadName) {
    this.log = log;
    this.commandIds = commandIds;
    this.reader = log.openReader();
    this.applier = new Thread(this::tail, threadName);
    applier.setDaemon(true);
    applier.start();
  }

  /** Runs {@code query} against the current state, with no concurrent apply. */
  public <T> T read(Function<RegistryState, T> query) {
    synchronized (lock) {
      return query.apply(state);
    }
  }

  /**
   * Waits until every record the log holds right now has been applied here, so this instance sees
   * everything any instance acknowledged before the call.
   *
   * @throws RegistryError.RegistryException 50002 when that takes longer than {@code timeout}
   */
  public void catchUp(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long end;
    try {
      end = log.endOffset(timeout);
    } catch (CommandLog.LogTimeoutException e) {
      throw RegistryError.timeout(e.getMessage()).exception();
    }
    awaitApplied(end, deadline);
  }

  /** The offset the next record to apply will have (the count of offsets consumed). */
  public long appliedOffset() {
    synchronized (lock) {
      return nextOffset;
    }
  }

  /**
   * Appends {@code command} and returns the outcome recorded when it was applied.
   *
   * @throws RegistryError.RegistryException 50002 when the log does not take it, or it is not
   *     applied, within {@code timeout}
   */
  public CommandOutcome submit(RegistryCommand command, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    UUID uuid = commandIds.get();
    String id = uuid.toString();
    // Registered before the append, so the applier can never complete it before we listen.
    CompletableFuture<CommandOutcome> outcome = new CompletableFuture<>();
    waiting.put(id, outcome);
    try {
      long offset = log.append(codec.key(uuid), codec.encode(command), timeout);
      LOG.debug("Wrote {} at offset {} of {}", command, offset, log.describe());
      return outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (CommandLog.LogTimeoutException e) {
      throw RegistryError.timeout(e.getMessage()).exception();
    } catch (TimeoutException e) {
      throw RegistryError.timeout("the command was written but not applied within " + timeout
          + "; it may still take effect").exception();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryError.timeout("interrupted while waiting for the command").exception();
    } catch (ExecutionException e) {
      throw RegistryError.storeError(String.valueOf(e.getCause().getMessage())).exception();
    } catch (IllegalStateException e) {
      throw RegistryError.storeError(e.getMessage()).exception();
    } finally {
      waiting.remove(id);
    }
  }

  private void awaitApplied(long offset, long deadlineNanos) {
    synchronized (lock) {
      while (nextOffset < offset) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          throw RegistryError.timeout("caught up to offset " + nextOffset + " of " + offset
              + " in " + log.describe()).exception();
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw RegistryError.timeout("interrupted while catching up").exception();
        }
      }
    }
  }

  private void tail() {
    while (running) {
      CommandLog.Batch batch;
      long from;
      synchronized (lock) {
        from = nextOffset;
      }
      try {
        batch = reader.poll(from, POLL);
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        LOG.warn("Reading {} failed at offset {}; retrying in {}", log.describe(), from,
            BACKOFF_AFTER_ERROR, e);
        sleep(BACKOFF_AFTER_ERROR);
        continue;
      }
      List<Map.Entry<String, CommandOutcome>> finished = new ArrayList<>();
      synchronized (lock) {
        for (CommandLog.Entry entry : batch.entries()) {
          if (entry.offset() < nextOffset) {
            continue; // already applied; a reader may repeat records after a re-seek
          }
          String commandId = codec.commandId(entry.key());
          CommandOutcome outcome = applyOne(entry, commandId);
          if (commandId != null && outcome != null) {
            finished.add(Map.entry(commandId, outcome));
          }
          nextOffset = entry.offset() + 1;
        }
        nextOffset = Math.max(nextOffset, batch.nextOffset());
        lock.notifyAll();
      }
      for (Map.Entry<String, CommandOutcome> done : finished) {
        CompletableFuture<CommandOutcome> future = waiting.get(done.getKey());
        if (future != null) {
          future.complete(done.getValue());
        }
      }
    }
  }

  private @Nullable CommandOutcome applyOne(CommandLog.Entry entry, @Nullable String commandId) {
    if (commandId == null) {
      LOG.warn("Skipping record at offset {} of {}: its key is not a registry command key",
          entry.offset(), log.describe());
      state.countSkipped();
      return null;
    }
    RegistryCommand command;
    try {
      command = codec.decode(entry.value());
    } catch (IllegalArgumentException e) {
      LOG.warn("Skipping record at offset {} of {}: {}", entry.offset(), log.describe(),
          e.getMessage());
      state.countSkipped();
      return new CommandOutcome.Refused(RegistryError.storeError(e.getMessage()));
    }
    try {
      return state.apply(command);
    } catch (RuntimeException e) {
      // Same code, same log: every instance fails the same way here, so refusing stays
      // deterministic, and the applier lives on instead of stalling every request.
      LOG.error("Applying {} at offset {} of {} failed", command, entry.offset(), log.describe(), e);
      return new CommandOutcome.Refused(RegistryError.storeError(e.toString()));
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops tailing and closes the reader; the log itself belongs to whoever opened it. */
  @Override
  public void close() {
    running = false;
    reader.wakeup();
    try {
      applier.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reader.close();
    waiting.values().forEach(f -> f.completeExceptionally(
        new IllegalStateException("the registry is shutting down")));
  }
}
