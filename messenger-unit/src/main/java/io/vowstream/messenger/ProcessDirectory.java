package io.vowstream.messenger;

import io.vowstream.runtime.kafka.CommittedTopicReader;
import io.vowstream.schemas.ScheduledItem;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes the MU knows: a read model of the process items on the assignments topic (each
 * process's own nonce-0 assignment carries its item), fed by a {@link CommittedTopicReader} so only
 * committed schedules count. Process items never change, so an entry, once known, stays right.
 *
 * <p>{@link #await} bridges the reader's lag: a process scheduled a moment ago may not be read yet.
 */
final class ProcessDirectory {
  private static final Logger log = LoggerFactory.getLogger(ProcessDirectory.class);
  private static final long MAX_WAIT_SLICE_MS = 100;

  private final Map<String, ProcessInfo> processes = new ConcurrentHashMap<>();
  private final Object changed = new Object();
  private final Clock clock;
  private @Nullable MessengerCodec codec;
  private String topic = "";

  /** A directory filled by {@link #add} only (tests). */
  ProcessDirectory(Clock clock) {
    this.clock = clock;
  }

  /** A directory fed with {@link #read} the committed records of {@code assignmentsTopic}. */
  ProcessDirectory(String assignmentsTopic, MessengerCodec codec, Clock clock) {
    this.clock = clock;
    this.codec = codec;
    this.topic = assignmentsTopic;
  }

  /** Learns the process of a nonce-0 assignment record. */
  void read(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null || codec == null) {
      return;
    }
    ScheduledItem s = codec.scheduledItem.deserializer().deserialize(topic, r.value());
    if (s != null && s.getAssignment().getMessageId() == null && s.getItem() != null) {
      add(ProcessInfo.of(s.getItem()));
    }
  }

  void add(ProcessInfo info) {
    processes.putIfAbsent(info.pid(), info);
    synchronized (changed) {
      changed.notifyAll();
    }
  }

  Optional<ProcessInfo> lookup(String pid) {
    return Optional.ofNullable(processes.get(pid));
  }

  /** The process, waiting up to {@code timeout} for the directory to learn it. */
  Optional<ProcessInfo> await(String pid, Duration timeout) {
    ProcessInfo info = processes.get(pid);
    long deadline = clock.millis() + timeout.toMillis();
    while (info == null) {
      long left = deadline - clock.millis();
      if (left <= 0) {
        return Optional.empty();
      }
      synchronized (changed) {
        info = processes.get(pid);
        if (info != null) {
          break;
        }
        try {
          // Sliced, so that a clock that is not the wall clock still ends the wait.
          changed.wait(Math.min(left, MAX_WAIT_SLICE_MS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          log.debug("interrupted while waiting for process {}", pid);
          return Optional.empty();
        }
      }
      info = processes.get(pid);
    }
    return Optional.of(info);
  }

  int size() {
    return processes.size();
  }
}
