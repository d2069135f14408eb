/**
 * Configuration: every key is a {@link io.vowstream.runtime.config.ConfigKey} constant in
 * {@link io.vowstream.runtime.config.VowstreamConfig}, defined once with its type, default, check
 * and documentation. The README's configuration table is generated from these constants
 * ({@code VowstreamConfig.markdownTable()}) and a test keeps the two in step.
 *
 * <p>Where a value comes from, strongest first: explicit overrides (command-line {@code --set}),
 * Java system properties, environment variables ({@code VOWSTREAM_TOPIC_INGRESS} for
 * {@code vowstream.topic.ingress}, plus the conventional aliases such as
 * {@code KAFKA_BOOTSTRAP_SERVERS}), a properties file, then the default.
 */
@NullMarked
package io.vowstream.runtime.config;

import org.jspecify.annotations.NullMarked;
