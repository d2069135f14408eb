/**
 * An embedded schema registry that speaks the Confluent Schema Registry REST API, so standard
 * Confluent-API clients in any language work against it unchanged.
 *
 * <p>{@link io.vowstream.registry.SchemaRegistryServer} is the whole public surface: build one,
 * start it, read its {@code url()}, close it. Everything it stores lives in a compacted Kafka topic
 * used as a replicated command log, so ids survive restarts and several instances on one cluster
 * agree on every id and version. Configuration keys are listed, with defaults and docs, in
 * {@link io.vowstream.registry.SchemaRegistryConfig}.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.registry;
