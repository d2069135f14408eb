/**
 * The registry's machinery; no compatibility promises.
 *
 * <p>The pieces, from the bottom up: a {@link io.vowstream.registry.internal.CommandLog} (Kafka or
 * in-memory) holding {@link io.vowstream.registry.internal.RegistryCommand}s; a deterministic
 * {@link io.vowstream.registry.internal.RegistryState} that applies them in log order; a
 * {@link io.vowstream.registry.internal.Replica} that tails the log into the state and lets writers
 * wait for the outcome of their own command; the {@link io.vowstream.registry.internal.RegistryService}
 * operations; and {@link io.vowstream.registry.internal.RegistryApi}, the REST routing on top.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.registry.internal;
