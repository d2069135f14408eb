/**
 * The flow engine, part 1: zones, guards, vows and the retry rule — a pure Java library (no Kafka)
 * under the compute unit's durable processes.
 *
 * <ul>
 *   <li>{@link io.vowstream.flow.zone} — heap and durable zones, exos, kits, stores, checkpoints;</li>
 *   <li>{@link io.vowstream.flow.guard} — the pattern language checking calls at object boundaries;</li>
 *   <li>{@link io.vowstream.flow.vow} — vows (durable promises) and their tools;</li>
 *   <li>{@link io.vowstream.flow.disconnect} — disconnection reasons and the one retry policy;</li>
 *   <li>{@link io.vowstream.flow.testing} — a manual scheduler and a restart harness for tests.</li>
 * </ul>
 *
 * <h2>Determinism and threads</h2>
 * Nothing in this library reads the wall clock, draws random numbers or starts threads: time,
 * order and delays all come from the injected {@link io.vowstream.flow.FlowScheduler}. Given the
 * same calls and the same scheduler decisions, a zone tree reaches the same state and writes the
 * same checkpoint bytes (provided stored sets and maps have a stable iteration order, unlike
 * {@code Set.of} and {@code Map.of} across JVM runs). The guest-side contract (what flow code may
 * touch, and the logged replacements for everything else) belongs to the async-flow layer on top.
 *
 * <h2>Design decisions</h2>
 * <ul>
 *   <li><b>Single-threaded turns.</b> A zone tree and its vows are used from the turns of one
 *       injected {@link io.vowstream.flow.FlowScheduler}. Every settlement, watcher call and retry is
 *       a new turn on it, so order is deterministic and a test owns both order and time.</li>
 *   <li><b>Everything durable is stored form.</b> Exo state, stores, makeOnce values, vow states,
 *       watcher registrations and retry memories are kept as plain data plus references by object id;
 *       live objects are rebuilt lazily from their kind's definition in the current incarnation. A
 *       checkpoint is therefore just that data, encoded in a compact, versioned binary format
 *       ("VOWZ", version 1).</li>
 *   <li><b>Records by component name.</b> A stored record lists component names, so a record class
 *       may gain {@code @Nullable} components; a removed, renamed or retyped component, or a new
 *       non-nullable one, is refused when the value is read, naming the record and component.</li>
 *   <li><b>State shapes are compared by pattern text.</b> Defining a kind again may add optional
 *       fields only; other changes fail with "stateShape mismatch", naming kind and field.</li>
 *   <li><b>Two-phase restore.</b> {@code Zones.restore} brings the data back; the program defines its
 *       kinds; {@code resume()} checks that every stored object's kind exists and only then delivers
 *       the promises lost by the restart (as {@code Upgraded(incarnation)} rejections).</li>
 *   <li><b>Durable promise watches.</b> The runtime records every watch of an ephemeral stage
 *       (who to call, with which arguments); a watch still pending at the checkpoint is what becomes
 *       an upgrade disconnection. Even a retry backoff is such a watch, so it survives a restart.</li>
 *   <li><b>One retry rule.</b> {@link io.vowstream.flow.disconnect.RetryPolicy} is stateless; each
 *       loop keeps a storable {@link io.vowstream.flow.disconnect.RetryMemory}. Partition moves count
 *       like terminations (once in a row), because the host may have come back elsewhere.</li>
 *   <li><b>Unhandled rejections</b> are tracked durably (a vow rejected before anybody shortened it)
 *       and reported on request and when the next incarnation resumes, not through GC.</li>
 *   <li><b>{@code M.asyncFlow} is reserved.</b> Part 1 refuses it on single-facet exos (always an
 *       error) and on kit facets (until the async-flow engine exists); facet names starting with
 *       {@code _} are reserved for the engine's own facets (the state accessor).</li>
 * </ul>
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.flow;
