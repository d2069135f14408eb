package io.vowstream.messenger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The MU's meters ({@code vowstream_mu_*} in Prometheus). */
final class MessengerMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final DistributionSummary crankTransaction;

  MessengerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.crankTransaction = DistributionSummary.builder("vowstream.mu.crank.transaction.pushes")
        .description("Items pushed by one cranking transaction (one batch of results)").register(registry);
  }

  /** An item passed the checks; {@code path} is {@code kafka} (the ingress topic) or {@code http}. */
  void accepted(String path) {
    counter("vowstream.mu.accepted", "Items accepted for scheduling, by entry point", "path", path).increment();
  }

  void rejected(RejectionReason reason) {
    counter("vowstream.mu.rejected", "Inputs refused, by reason", "reason", reason.name()).increment();
  }

  /** A pushed item; kind is message, spawn, spawned or assignment. */
  void pushed(String kind) {
    counter("vowstream.mu.pushes", "Items pushed on behalf of processes, by kind", "kind", kind).increment();
  }

  /** An outbox not cranked because its result carries an Error. */
  void outboxDiscarded() {
    counter("vowstream.mu.outbox.discarded", "Results with Error whose outbox was not cranked", "kind", "error")
        .increment();
  }

  /** A process whose item the directory did not know in time: cranked without From-Module. */
  void unknownSource() {
    counter("vowstream.mu.unknown.sources", "Processes cranked without a known process item", "kind", "source")
        .increment();
  }

  void crankTransaction(int pushes) {
    crankTransaction.record(pushes);
  }

  void directorySize(Supplier<Number> size) {
    Gauge.builder("vowstream.mu.directory.size", size).description("Processes in the MU's process directory")
        .register(registry);
  }

  private Counter counter(String name, String description, String tag, String value) {
    return counters.computeIfAbsent(name + "/" + value,
        k -> Counter.builder(name).description(description).tag(tag, value).register(registry));
  }
}
