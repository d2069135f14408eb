package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The CU's meters: counters fed by the fold's events, gauges over a cached totals snapshot. */
class ComputeUnitMetricsTest {
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final AtomicInteger totalsCalls = new AtomicInteger();
  final long[] now = {0};
  final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now[0]);
    }
  };
  final FoldView view = new FoldView() {
    @Override
    public Optional<ProcessView> process(String processId) {
      return Optional.empty();
    }

    @Override
    public Optional<io.vowstream.schemas.Result> dryRun(String processId, io.vowstream.schemas.DataItem message) {
      return Optional.empty();
    }

    @Override
    public FoldTotals totals() {
      int n = totalsCalls.incrementAndGet();
      return new FoldTotals(10 * n, n, Map.of("Sleeping", 3 * n, "Unheard", 1), 5L * n);
    }
  };

  double gauge(String name, String... tags) {
    return meters.get(name).tags(tags).gauge().value();
  }

  @Test
  void foldEventsFeedCountersTimersAndSummaries() {
    ComputeMetrics m = new ComputeMetrics(meters, clock);
    m.evaluated("p", 1, 2_000_000, null);
    m.evaluated("p", 2, 4_000_000, "NOT_OWNER");
    m.evaluated("p", 3, 1_000_000, "NOT_OWNER");
    m.replayed("p", 4);
    m.halted("p", "CHAIN_BREAK");
    m.halted("q", "CHAIN_BREAK");
    m.halted("r", "NONCE_GAP");
    m.checkpointWritten("p", 120);
    m.checkpointWritten("p", 80);
    m.restored(0, 3, 5_000_000);
    m.retried("upgrade");
    m.cronEvaluated("p", 3, 1_000, null);
    m.cronEvaluated("p", 3, 1_000, "TICK_FAILED");

    assertThat(meters.get("vowstream.cu.evaluations").tag("outcome", "ok").counter().count()).isEqualTo(1);
    assertThat(meters.get("vowstream.cu.evaluations").tag("outcome", "error").counter().count()).isEqualTo(2);
    assertThat(meters.get("vowstream.cu.evaluation.errors").tag("code", "NOT_OWNER").counter().count()).isEqualTo(2);
    assertThat(meters.get("vowstream.cu.evaluation.duration").timer().count()).isEqualTo(3);
    assertThat(meters.get("vowstream.cu.evaluation.duration").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(7.0);
    assertThat(m.replayedCount()).isEqualTo(1);
    assertThat(m.haltCount("CHAIN_BREAK")).isEqualTo(2);
    assertThat(m.haltCount("NONCE_GAP")).isEqualTo(1);
    assertThat(meters.get("vowstream.cu.checkpoint.size").summary().totalAmount()).isEqualTo(200);
    assertThat(meters.get("vowstream.cu.restore.duration").timer().count()).isEqualTo(1);
    assertThat(meters.get("vowstream.cu.retries").tag("reason", "upgrade").counter().count()).isEqualTo(1);
    assertThat(m.evaluations()).as("cron ticks are counted apart").isEqualTo(3);
    assertThat(meters.get("vowstream.cu.cron.ticks").counter().count()).isEqualTo(2);
  }

  @Test
  void gaugesShareOneTotalsSnapshotPerSecond() {
    ComputeMetrics m = new ComputeMetrics(meters, clock);
    assertThat(m.totals().processes()).as("no fold bound yet").isZero();
    m.bindView(view);
    assertThat(gauge("vowstream.cu.processes")).isEqualTo(10);
    assertThat(gauge("vowstream.cu.processes.halted")).isEqualTo(1);
    assertThat(gauge("vowstream.cu.vows.pending")).isEqualTo(5);
    assertThat(gauge("vowstream.cu.flows", "state", "Sleeping")).isEqualTo(3);
    assertThat(gauge("vowstream.cu.flows", "state", "Failed")).as("known states start at zero").isZero();
    assertThat(gauge("vowstream.cu.flows", "state", "Unheard")).as("a state the engine added").isEqualTo(1);
    assertThat(totalsCalls.get()).as("one totals() for all gauges within a second").isEqualTo(1);
    now[0] += 1_001;
    assertThat(gauge("vowstream.cu.processes")).isEqualTo(20);
    assertThat(gauge("vowstream.cu.flows", "state", "Sleeping")).isEqualTo(6);
    assertThat(totalsCalls.get()).isEqualTo(2);
  }
}
