package io.vowstream.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vowstream.runtime.http.HttpApiResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnitMetricsTest {
  @Test
  void theScrapeCarriesTheUnitTagAndJvmMeters() {
    PrometheusMeterRegistry registry = UnitMetrics.create("su");
    registry.counter("vowstream.test.things").increment(3);
    HttpApiResponse r = UnitMetrics.scrape(registry);
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain");
    assertThat(text).contains("vowstream_test_things_total{unit=\"su\"} 3.0").contains("jvm_memory_used_bytes");
  }
}
