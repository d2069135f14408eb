/**
 * The compute unit (CU): folds each process's schedule through its module, one {@link
 * io.vowstream.schemas.Result} per scheduled item and per cron tick.
 *
 * <p>Public surface: {@link io.vowstream.compute.ProcessModule}, {@link
 * io.vowstream.compute.ModuleContext}, {@link io.vowstream.compute.ModuleFlows}, {@link
 * io.vowstream.compute.ProcessHost} and {@link io.vowstream.compute.Reply} (the module SPI), {@link
 * io.vowstream.compute.ModuleException} (a module's deliberate error), {@link
 * io.vowstream.compute.ModuleRegistry} (modules by their {@code Module} tag value), {@link
 * io.vowstream.compute.CounterModule} and {@link io.vowstream.compute.TokenModule} (the example
 * modules), {@link io.vowstream.compute.FoldSettings} with its {@link
 * io.vowstream.compute.ItemLookup}, and {@link io.vowstream.compute.FoldProcessors} (the fold as a
 * broker-free {@link io.vowstream.runtime.stream.PartitionProcessor}). Everything else is
 * package-private.
 *
 * <p>Fold rules (SPEC §7.1): per process strictly in nonce order; the hash chain is verified from
 * its seed, nonces must be contiguous and (optionally) the assignment's signature must verify. A
 * break halts that process only: a rejection and an error result are written, later items of the
 * process get a {@code PROCESS_HALTED} error result and are not evaluated. A module error gives a
 * result with {@code Error} and the previous module state (flows it asked to start are not started).
 * The boot (nonce 0) records the process's signer as its owner; {@code On-Boot: Data} boots from the
 * process's data, {@code On-Boot: <item id>} from the data of the item the {@link
 * io.vowstream.compute.ItemLookup} finds ({@code UNRESOLVED_BOOT_INPUT} when it finds none; a lookup
 * that throws aborts the batch).
 *
 * <p>Flows (SPEC §7.3): each process has one durable zone holding its module state, its vow and
 * async-flow tools, its flows (with their logs) and its pending requests. Every incarnation of the
 * zone — a new process, a restore from a checkpoint, an upgrade — is opened the same way: tools
 * prepared, the module's flows defined again, then resumed. Flows are lazy: after a restore they
 * sleep until the vow they await settles. The zone's clock is the assignment timestamp, and the
 * fold drains the zone's turns inside each evaluation, so what a flow does lands in the result of
 * the item during which it ran, and the flow log entries it recorded form the result's journal. A
 * message with {@code X-Reference} and {@code From-Process} that answers a pending {@link
 * io.vowstream.compute.ProcessHost#request} is fed to the waiting flow instead of the module (its
 * Output says so). {@code Action: Upgrade-Module} with {@code Module: name@version}, from the owner
 * only ({@code NOT_OWNER}, {@code UNKNOWN_MODULE} otherwise), switches the module: the zone is
 * reopened as a new incarnation, the new module's flows are defined, failed flows are restarted and
 * sleeping ones woken, so they replay against the new code now (incompatible ones fail, their logs
 * kept, and are listed in the Output; a later fixed version repairs them). A message tagged {@code
 * Read-Only: true} is evaluated on a scratch copy: the state is unchanged and the outbox is left
 * empty. An assigned item (SU {@code Type: Assign}: a message whose target is another process, or
 * another process's Process item, at any nonce after the boot) is handed to the module as an
 * ordinary message with {@link io.vowstream.compute.ModuleContext#assigned()} true; it never
 * upgrades the module and never answers a pending request.
 *
 * <p>Crons (ao scenario 15): the boot records the process item's {@code Cron-Interval} / {@code
 * Cron-Tag-*} tags and the boot's timestamp and height in the zone ({@code BAD_CRON} boot result
 * when they do not parse). Before scheduled item {@code n >= 1} (once its chain, nonce and signature
 * are checked) the ticks due in (item {@code n-1}, item {@code n}] are evaluated, in the order of
 * {@code Crons.due}, each as a message from the process to itself with {@link
 * io.vowstream.compute.ModuleContext#cron()} true; each writes a result with item {@code n-1}'s
 * nonce and its cron key. Item {@code n}'s replay flag covers its ticks: they are replayed without
 * results exactly when it is. Where the next window starts is kept in the zone, never moving back.
 *
 * <p>State topic (keys are UTF-8, values Avro {@link io.vowstream.schemas.ComputeState} in the
 * Confluent wire format): {@code c/<pid>} holds a checkpoint (nonce bookkeeping, module reference,
 * owner, and the whole durable zone including suspended flows); it is written when a process is
 * first seen, when it halts or is upgraded, and once {@link
 * io.vowstream.compute.FoldSettings#checkpointEvery()} items were evaluated since the last one.
 * {@code t/<pid>} holds the last nonce whose result was committed and is written in every batch that
 * touched the process. After a restore the processor asks the stage (through {@code replayFrom}) to
 * re-read the partition from the offset after the oldest checkpoint whose process has committed
 * results beyond it; items up to a checkpoint are duplicates (ignored), items after it up to the
 * committed nonce are evaluated again without writing a result, later items are new.
 *
 * <p>Cold and restored folds agree on the process's state as given by {@code ProcessFold.snapshot()}
 * (module state, counters, pending requests, and each live flow's visible log), byte for byte; the
 * zone's own checkpoint bytes also carry its incarnation number and are not compared.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.compute;
