package io.vowstream.compute;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The CU's meters ({@code vowstream_cu_*} in Prometheus), fed by the fold through {@link
 * FoldObserver} and by gauges over {@link FoldView#totals()}.
 *
 * <p>Counters are not tagged by process (cardinality); halts and errors are tagged by their code,
 * which is a small set. The gauges share one totals snapshot that is at most a second old: {@code
 * totals()} waits for the batch being processed, and a scrape reads several gauges in a row.
 */
final class ComputeMetrics implements FoldObserver {
  /** Flow states from the flow engine; each gets a gauge from the start so dashboards see zeros. */
  static final List<String> FLOW_STATES = List.of("Running", "Sleeping", "Replaying", "Failed", "Done");
  private static final long TOTALS_MAX_AGE_MS = 1_000;

  private final MeterRegistry registry;
  private final Clock clock;
  private final Counter evaluationsOk;
  private final Counter evaluationsFailed;
  private final Timer evaluationTime;
  private final Counter replayed;
  private final Counter cronTicks;
  private final DistributionSummary checkpointSize;
  private final Timer restoreTime;
  private final Map<String, Counter> halts = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<String, Boolean> flowGauges = new ConcurrentHashMap<>();
  private volatile @Nullable FoldView view;
  private volatile FoldView.@Nullable FoldTotals totals;
  private volatile long totalsAt;

  ComputeMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.evaluationsOk = Counter.builder("vowstream.cu.evaluations").description("Items evaluated (results written)")
        .tag("outcome", "ok").register(registry);
    this.evaluationsFailed = Counter.builder("vowstream.cu.evaluations").description("Items evaluated (results written)")
        .tag("outcome", "error").register(registry);
    this.evaluationTime = Timer.builder("vowstream.cu.evaluation.duration")
        .description("Time to evaluate one item, module and flows included").publishPercentileHistogram()
        .register(registry);
    this.replayed = Counter.builder("vowstream.cu.replayed")
        .description("Items evaluated again after a restore without writing their result again").register(registry);
    this.cronTicks = Counter.builder("vowstream.cu.cron.ticks")
        .description("Cron ticks evaluated (results written), all processes").register(registry);
    this.checkpointSize = DistributionSummary.builder("vowstream.cu.checkpoint.size").baseUnit("bytes")
        .description("Size of the checkpoints written").publishPercentileHistogram().register(registry);
    this.restoreTime = Timer.builder("vowstream.cu.restore.duration")
        .description("Time to rebuild a partition's processes from their checkpoints").register(registry);
  }

  /** Binds the gauges to the fold; called once the fold exists (it is built with this observer). */
  void bindView(FoldView foldView) {
    this.view = foldView;
    Gauge.builder("vowstream.cu.processes", this, m -> m.totals().processes())
        .description("Processes held by this CU").register(registry);
    Gauge.builder("vowstream.cu.processes.halted", this, m -> m.totals().halted())
        .description("Held processes halted by a chain break, nonce gap or bad signature").register(registry);
    Gauge.builder("vowstream.cu.vows.pending", this, m -> m.totals().pendingVows())
        .description("Vows not settled yet in the held processes").register(registry);
    FLOW_STATES.forEach(this::flowGauge);
  }

  private void flowGauge(String state) {
    flowGauges.computeIfAbsent(state, s -> {
      Gauge.builder("vowstream.cu.flows", this, m -> m.totals().flowsByState().getOrDefault(s, 0))
          .description("Live flow activations by state").tag("state", s).register(registry);
      return true;
    });
  }

  /** The fold's totals, at most a second old. */
  FoldView.FoldTotals totals() {
    FoldView v = view;
    if (v == null) {
      return new FoldView.FoldTotals(0, 0, Map.of(), 0);
    }
    FoldView.FoldTotals t = totals;
    long now = clock.millis();
    if (t == null || now - totalsAt > TOTALS_MAX_AGE_MS) {
      t = v.totals();
      totals = t;
      totalsAt = now;
      t.flowsByState().keySet().forEach(this::flowGauge); // a state the engine added later
    }
    return t;
  }

  @Override
  public void evaluated(String processId, long nonce, long nanos, @Nullable String errorCode) {
    evaluationTime.record(nanos, TimeUnit.NANOSECONDS);
    if (errorCode == null) {
      evaluationsOk.increment();
    } else {
      evaluationsFailed.increment();
      errors.computeIfAbsent(errorCode, c -> Counter.builder("vowstream.cu.evaluation.errors")
          .description("Results with an Error, by code").tag("code", c).register(registry)).increment();
    }
  }

  @Override
  public void replayed(String processId, long nonce) {
    replayed.increment();
  }

  @Override
  public void cronEvaluated(String processId, long nonce, long nanos, @Nullable String errorCode) {
    cronTicks.increment();
  }

  @Override
  public void halted(String processId, String code) {
    halts.computeIfAbsent(code, c -> Counter.builder("vowstream.cu.halts")
        .description("Processes halted, by reason (chain failures)").tag("code", c).register(registry)).increment();
  }

  @Override
  public void checkpointWritten(String processId, int bytes) {
    checkpointSize.record(bytes);
  }

  @Override
  public void restored(int partition, int processes, long nanos) {
    restoreTime.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void retried(String reason) {
    retries.computeIfAbsent(reason, r -> Counter.builder("vowstream.cu.retries")
        .description("Flow host calls and watchers retried after a disconnection, by reason").tag("reason", r)
        .register(registry)).increment();
  }

  double evaluations() {
    return evaluationsOk.count() + evaluationsFailed.count();
  }

  double replayedCount() {
    return replayed.count();
  }

  double haltCount(String code) {
    Counter c = halts.get(code);
    return c == null ? 0 : c.count();
  }
}
