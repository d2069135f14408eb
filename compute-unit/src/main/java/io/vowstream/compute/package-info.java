/**
 * The compute unit (CU): folds each process's schedule through its module, one {@link
 * io.vowstream.schemas.Result} per scheduled item.
 *
 * <p>Public surface: {@link io.vowstream.compute.ProcessModule} and {@link
 * io.vowstream.compute.ModuleContext} (the module SPI), {@link io.vowstream.compute.ModuleException}
 * (a module's deliberate error), {@link io.vowstream.compute.ModuleRegistry} (modules by their
 * {@code Module} tag value), {@link io.vowstream.compute.CounterModule} (the example module), {@link
 * io.vowstream.compute.FoldSettings} and {@link io.vowstream.compute.FoldProcessors} (the fold as a
 * broker-free {@link io.vowstream.runtime.stream.PartitionProcessor}). Everything else is
 * package-private.
 *
 * <p>Fold rules (SPEC §7.1): per process strictly in nonce order; the hash chain is verified from
 * its seed, nonces must be contiguous and (optionally) the assignment's signature must verify. A
 * break halts that process only: a rejection and an error result are written, later items of the
 * process get a {@code PROCESS_HALTED} error result and are not evaluated. A module error gives a
 * result with {@code Error} and the previous state.
 *
 * <p>State topic (keys are UTF-8): {@code c/<pid>} holds a checkpoint (nonce bookkeeping plus the
 * module state as a durable-zone checkpoint); it is written when a process is first seen, when it
 * halts, and once {@link io.vowstream.compute.FoldSettings#checkpointEvery()} items were evaluated
 * since the last one. {@code t/<pid>} holds the last nonce whose result was committed and is written
 * in every batch that touched the process. After a restore, items up to the checkpoint are
 * duplicates (ignored), items after it up to the committed nonce are re-evaluated without writing a
 * result again, later items are new. The stage must therefore re-deliver the schedule from the
 * checkpoint's input offset (kept in the checkpoint); a processor that is handed an item beyond
 * what it can replay throws, naming the process and the missing nonces.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.compute;
