/**
 * Micrometer set-up shared by the units: a Prometheus registry with the {@code unit} common tag and
 * JVM meters, and its scrape as an HTTP response for the {@code /metrics} route.
 */
@NullMarked
package io.vowstream.runtime.metrics;

import org.jspecify.annotations.NullMarked;
