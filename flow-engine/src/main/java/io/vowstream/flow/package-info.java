/**
 * The flow engine: zones, guards, vows, the retry rule and durable async flows — a pure Java library
 * (no Kafka) under the compute unit's durable processes.
 *
 * <ul>
 *   <li>{@link io.vowstream.flow.zone} — heap and durable zones, exos, kits, stores, checkpoints;</li>
 *   <li>{@link io.vowstream.flow.guard} — the pattern language checking calls at object boundaries;</li>
 *   <li>{@link io.vowstream.flow.vow} — vows (durable promises) and their tools;</li>
 *   <li>{@link io.vowstream.flow.disconnect} — disconnection reasons and the one retry policy;</li>
 *   <li>{@link io.vowstream.flow.async} — async flows (log and replay), {@code M.asyncFlow} kits;
 *       its package docs hold the <b>determinism contract</b> for guest code;</li>
 *   <li>{@link io.vowstream.flow.testing} — a manual scheduler and a restart harness for tests.</li>
 * </ul>
 *
 * <h2>Determinism and threads</h2>
 * Nothing in this library reads the wall clock, draws random numbers or starts threads: time,
 * order and delays all come from the injected {@link io.vowstream.flow.FlowScheduler}. Given the
 * same calls and the same scheduler decisions, a zone tree reaches the same state and writes the
 * same checkpoint bytes (provided stored sets and maps have a stable iteration order, unlike
 * {@code Set.of} and {@code Map.of} across JVM runs). The one exception to "no threads" is the
 * async-flow layer: each live guest runs on a virtual thread, strictly alternating with the turn
 * thread. The guest-side contract (what flow code may touch, and the logged replacements for
 * everything else) is written in {@link io.vowstream.flow.async}.
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
 *   <li><b>{@code M.asyncFlow} belongs to async-flow zones.</b> It is refused on single-facet exos
 *       (always) and on kits of a plain zone; {@code AsyncFlowTools.zone(z).exoClassKit} accepts it,
 *       adds the internal {@code _state} facet, and records the flow definition's version in the
 *       kind's stored description. Facet names starting with {@code _} are reserved.</li>
 *   <li><b>The flow log is part of the activation's state.</b> Entries are appended to a compact
 *       binary buffer (log format 1, see {@code LogCodec}) as they happen and copied into the
 *       activation's stored state by a checkpoint hook, so a checkpoint carries every log without
 *       rewriting it per entry. A new run decodes the log afresh, so replayed values are immutable.</li>
 *   <li><b>The last suspension point is stored</b> ({@code suspendedAt}, {@code suspendedOn}): settlements
 *       mark every earlier await in the log, and this marks the last one, so "a new call inserted
 *       before an await" is caught even at the end of the log.</li>
 *   <li><b>Panics are reported at once</b> to the panic handler (not when the guest settles), because
 *       a Java guest that swallows the failure error might never settle.</li>
 *   <li><b>Finished activations become tombstones</b> of the tools' own kind ({@code DoneAsyncFlow}):
 *       their log is deleted and their tag need not be defined in later incarnations.</li>
 * </ul>
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.flow;
