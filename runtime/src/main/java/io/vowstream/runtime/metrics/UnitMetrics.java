package io.vowstream.runtime.metrics;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vowstream.runtime.http.HttpApiResponse;

/** The metrics registry of a unit and its Prometheus scrape. */
public final class UnitMetrics {
  private UnitMetrics() {}

  /** A Prometheus registry tagging every meter with {@code unit=<unit>}, with JVM meters bound. */
  @SuppressWarnings("resource") // the GC binder lives as long as the registry
  public static PrometheusMeterRegistry create(String unit) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("unit", unit);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /** The registry in the Prometheus text format, as a {@code GET /metrics} response. */
  public static HttpApiResponse scrape(PrometheusMeterRegistry registry) {
    return HttpApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
  }
}
