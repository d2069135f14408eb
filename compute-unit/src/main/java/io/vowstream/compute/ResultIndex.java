package io.vowstream.compute;

import io.vowstream.runtime.kafka.CommittedTopicReader;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamSerdes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * The read model behind {@code /result} and {@code /results}: every committed record of {@code
 * vowstream.results}, read from the beginning with {@code read_committed} (runtime's {@link
 * CommittedTopicReader}), so it never shows a result of an aborted transaction. Every CU instance
 * reads every partition and so answers for every process, wherever it is folded.
 *
 * <p>Callers can wait for a result that is not committed yet ({@link #await}). Everything is held
 * in memory, like the SU's schedule index; a persistent index is future work.
 */
final class ResultIndex implements AutoCloseable {
  private final Map<String, NavigableMap<Long, Result>> byProcess = new ConcurrentHashMap<>();
  /**
   * Cron results by process and ordinate, each ordinate's in the order they were committed (their
   * evaluation order); they share the ordinate of a scheduled result, so they are kept apart.
   */
  private final Map<String, NavigableMap<Long, List<Result>>> crons = new ConcurrentHashMap<>();
  /** Message id → process id → result: an item assigned to several processes has one result each. */
  private final Map<String, Map<String, Result>> byMessage = new ConcurrentHashMap<>();
  private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
  private final AtomicLong indexed = new AtomicLong();
  private final @Nullable CommittedTopicReader reader;
  private final Deserializer<Result> decoder;
  private final String topic;

  private record Waiter(@Nullable String processId, CompletableFuture<Result> future) {}

  /** An index fed by a reader of {@code topic}. */
  ResultIndex(Map<String, Object> clientProperties, String topic, SchemaRegistryClient registry) {
    this.topic = topic;
    this.decoder = VowstreamSerdes.result(registry).deserializer();
    this.reader = new CommittedTopicReader(clientProperties, "cu-results-index", List.of(topic), this::add);
  }

  /** An index fed only through {@link #add(Result)}, for tests. */
  ResultIndex(SchemaRegistryClient registry) {
    this.topic = "vowstream.results";
    this.decoder = VowstreamSerdes.result(registry).deserializer();
    this.reader = null;
  }

  void start() {
    if (reader != null) {
      reader.start();
    }
  }

  private void add(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return;
    }
    Result result = decoder.deserialize(topic, r.value()); // the reader logs and skips what throws
    if (result != null) {
      add(result);
    }
  }

  void add(Result r) {
    if (r.getCron() != null) {
      // lists are replaced, never changed, so readers can iterate them while results arrive
      crons.computeIfAbsent(r.getProcessId(), k -> new ConcurrentSkipListMap<>()).compute(r.getNonce(), (k, old) -> {
        List<Result> next = new ArrayList<>(old == null ? List.of() : old);
        for (int i = 0; i < next.size(); i++) {
          if (next.get(i).getCron().equals(r.getCron())) {
            next.set(i, r); // a re-delivered copy keeps the place of the first
            return List.copyOf(next);
          }
        }
        next.add(r);
        return List.copyOf(next);
      });
    } else {
      byProcess.computeIfAbsent(r.getProcessId(), k -> new ConcurrentSkipListMap<>()).put(r.getNonce(), r);
    }
    byMessage.computeIfAbsent(r.getMessageId(), k -> new ConcurrentHashMap<>()).put(r.getProcessId(), r);
    indexed.incrementAndGet();
    Set<Waiter> waiting = waiters.get(r.getMessageId());
    if (waiting != null) {
      for (Waiter w : waiting) {
        if (w.processId() == null || w.processId().equals(r.getProcessId())) {
          w.future().complete(r);
        }
      }
    }
  }

  /**
   * The result of message {@code messageId} (of process {@code processId} when given), when
   * committed.
   *
   * @throws IllegalArgumentException when no process is given and several processes have a result
   *     for the message
   */
  Optional<Result> find(String messageId, @Nullable String processId) {
    Map<String, Result> results = byMessage.get(messageId);
    if (results == null || results.isEmpty()) {
      return Optional.empty();
    }
    if (processId != null) {
      return Optional.ofNullable(results.get(processId));
    }
    if (results.size() > 1) {
      throw new IllegalArgumentException("message " + messageId + " was evaluated by " + results.size()
          + " processes " + List.copyOf(results.keySet()) + "; name one with ?process-id=");
    }
    return Optional.of(results.values().iterator().next());
  }

  /**
   * Completes with the result as soon as it is committed (at once when it already is). The caller
   * bounds the wait and then calls {@link #cancel} with the same future.
   */
  CompletableFuture<Result> await(String messageId, @Nullable String processId) {
    CompletableFuture<Result> f = new CompletableFuture<>();
    // Register before looking, so a result added in between is not missed.
    waiters.computeIfAbsent(messageId, k -> ConcurrentHashMap.newKeySet()).add(new Waiter(processId, f));
    try {
      find(messageId, processId).ifPresent(f::complete);
    } catch (IllegalArgumentException e) {
      f.completeExceptionally(e);
    }
    f.whenComplete((r, e) -> cancel(messageId, f));
    return f;
  }

  /** Forgets a waiter (after its timeout or once completed). */
  void cancel(String messageId, CompletableFuture<Result> future) {
    waiters.computeIfPresent(messageId, (k, set) -> {
      set.removeIf(w -> w.future() == future);
      return set.isEmpty() ? null : set;
    });
  }

  /** The process's results by nonce; empty when none is committed. */
  NavigableMap<Long, Result> results(String processId) {
    NavigableMap<Long, Result> m = byProcess.get(processId);
    return m == null ? new java.util.TreeMap<>() : m;
  }

  /** The process's cron results by ordinate, each ordinate's in evaluation order; empty when none. */
  NavigableMap<Long, List<Result>> crons(String processId) {
    NavigableMap<Long, List<Result>> m = crons.get(processId);
    return m == null ? new java.util.TreeMap<>() : m;
  }

  /** Whether any result of the process is committed. */
  boolean knows(String processId) {
    return byProcess.containsKey(processId);
  }

  long indexedCount() {
    return indexed.get();
  }

  int waiting() {
    return waiters.values().stream().mapToInt(Set::size).sum();
  }

  /** Every process with a result, for tests. */
  List<String> processes() {
    return new ArrayList<>(byProcess.keySet());
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
  }
}
