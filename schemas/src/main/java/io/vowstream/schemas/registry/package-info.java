/**
 * A client for the Confluent Schema Registry REST API, which Confluent Schema Registry, Karapace,
 * Redpanda and Apicurio ({@code /apis/ccompat/v7}) all serve.
 *
 * <p>{@link io.vowstream.schemas.registry.SchemaRegistryClient} is the contract the serdes use;
 * {@link io.vowstream.schemas.registry.HttpSchemaRegistryClient} talks to a real registry and
 * caches ids and schemas; {@link io.vowstream.schemas.registry.InMemorySchemaRegistryClient} keeps
 * everything in memory for broker-free tests. Failures surface as
 * {@link io.vowstream.schemas.registry.SchemaRegistryException} carrying the HTTP status and the
 * registry's {@code error_code}.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.schemas.registry;
