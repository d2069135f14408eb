package io.vowstream.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SU's meters. {@code vowstream.su.assigned} is a counter (Prometheus derives assigned/s with
 * {@code rate()}); {@code vowstream.su.nonce.head} is one gauge per owned process — fine for
 * thousands of processes, to be replaced by a top-k or histogram beyond that (cardinality).
 */
final class SchedulerMetrics {
  private final MeterRegistry registry;
  private final Counter assigned;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Map<String, Counter> duplicates = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> heads = new ConcurrentHashMap<>();

  SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.assigned = Counter.builder("vowstream.su.assigned").description("Assignments written").register(registry);
  }

  void assigned(String pid, long nonce) {
    assigned.increment();
    nonceHead(pid, nonce);
  }

  void nonceHead(String pid, long nonce) {
    heads.computeIfAbsent(pid, p -> {
      AtomicLong v = new AtomicLong();
      Gauge.builder("vowstream.su.nonce.head", v, AtomicLong::get).description("Last nonce assigned per process")
          .tag("process", p).register(registry);
      return v;
    }).set(nonce);
  }

  void forgetProcess(String pid) {
    if (heads.remove(pid) != null) {
      registry.find("vowstream.su.nonce.head").tag("process", pid).meters().forEach(registry::remove);
    }
  }

  void rejected(RejectionReason reason) {
    rejected.computeIfAbsent(reason.name(), r -> Counter.builder("vowstream.su.rejected")
        .description("Records refused, by reason").tag("reason", r).register(registry)).increment();
  }

  void duplicate(String kind) {
    duplicates.computeIfAbsent(kind, k -> Counter.builder("vowstream.su.duplicates")
        .description("Re-submitted items acknowledged without a nonce").tag("kind", k).register(registry)).increment();
  }

  double assignedCount() {
    return assigned.count();
  }
}
