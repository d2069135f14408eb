/**
 * Zones: where objects, stores and vows are made and — in a durable zone — kept across restarts.
 * Start at {@link io.vowstream.flow.zone.Zones}.
 *
 * <p><b>Storable</b> values are the only ones a zone keeps: {@code null}, {@code Boolean},
 * {@code Integer}/{@code Long}/{@code Double}/{@code BigInteger} (shorts, bytes and floats are
 * widened), {@code String}, {@link io.vowstream.flow.Bytes} (a {@code byte[]} is copied into one),
 * enums, Java records whose components are storable, {@code List}/{@code Set}/{@code Map} of
 * storables (order kept), {@code Throwable}s (kept as class name and message; disconnections keep
 * their reason), vows, and objects made by the same zone tree (exos, kit facets, kits, vow
 * resolvers). A durable zone refuses anything else — lambdas, threads, futures, arbitrary classes,
 * objects of a heap zone — with a {@link io.vowstream.flow.zone.NotStorableException} naming where
 * the value was going and what it was. A heap zone additionally accepts heap objects such as
 * futures and watchers, which it never has to write down.
 *
 * <p><b>Exos.</b> An exo is a Java interface guarded by an
 * {@link io.vowstream.flow.guard.InterfaceGuard}; the zone returns a proxy that checks each call
 * before forwarding it to the behaviour. State is a {@link io.vowstream.flow.zone.State} of named
 * fields declared by a {@link io.vowstream.flow.zone.StateShape}. A kit is several facets sharing
 * one state.
 *
 * <p><b>Incarnations.</b> A restored durable zone is a fresh object graph: the program defines every
 * kind again with the same labels (behaviour is code, so it is never stored), finds its objects
 * through {@code makeOnce}, singletons and stores, then calls
 * {@link io.vowstream.flow.zone.DurableZone#resume()}.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.flow.zone;
