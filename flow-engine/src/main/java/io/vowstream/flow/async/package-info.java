/**
 * Durable async flows: sequential guest code whose every interaction with the host is logged, so
 * that after a restart or an upgrade the guest is re-run against its log ("replayed") and continues
 * where it was suspended. Start at {@link io.vowstream.flow.async.AsyncFlowTools}.
 *
 * <h2>The determinism contract</h2>
 * This is the one place that says what guest code may do. A guest ({@link
 * io.vowstream.flow.async.GuestFunction}, {@link io.vowstream.flow.async.KitGuest}) must, given the
 * same answers, make the same calls in the same order: replay feeds it the logged answers and checks
 * every call it makes against the log.
 *
 * <p><b>A guest may use</b>: its arguments (stand-ins for host objects and vows, plain data), the
 * {@link io.vowstream.flow.async.FlowContext} it is given, values it creates itself, and pure
 * computation (strings, arithmetic, collections it made, immutable JDK values). It has no
 * {@code this} and no static entry point: everything comes through its parameters.
 *
 * <p><b>A guest must not use</b> anything else that can differ between runs: mutable static state or
 * captured variables, host objects or vows reached other than through its arguments or host results
 * (awaiting such a vow is a panic), threads and executors, {@code Thread.sleep}, files, sockets,
 * environment variables and system properties, identity hash codes or the iteration order of
 * {@code HashMap}/{@code HashSet} over such keys. Closedness cannot be checked in general; the
 * engine checks what it can (below).
 *
 * <p><b>Safe replacements</b> (all logged, so a replay returns the recorded value):
 * <table>
 *   <caption>JDK call and its replacement</caption>
 *   <tr><th>instead of</th><th>use</th></tr>
 *   <tr><td>{@code Instant.now()}, {@code System.currentTimeMillis()}</td><td>{@code ctx.now()} (the scheduler's clock)</td></tr>
 *   <tr><td>{@code new Random()}, {@code Math.random()}</td><td>{@code ctx.randomLong()} (the injected source)</td></tr>
 *   <tr><td>{@code UUID.randomUUID()}</td><td>{@code ctx.randomUUID()}</td></tr>
 *   <tr><td>any other effect (a read, a call outside the zone)</td><td>{@code ctx.sideEffect(name, supplier)}; the result must be storable</td></tr>
 *   <tr><td>waiting, {@code Future.get()}</td><td>{@code ctx.await(vow)} on a vow from the host</td></tr>
 * </table>
 *
 * <p><b>Versioned changes.</b> To change a guest on purpose while activations of the old code are
 * suspended, branch on {@code ctx.getVersion(changeId, min, max)}: a new activation records
 * {@code max} and takes the new branch; a replay of a log that reached this point before the change
 * existed gets {@link io.vowstream.flow.async.FlowContext#DEFAULT_VERSION} (nothing was recorded
 * here, or the previous run was suspended exactly here) and must take the old branch. Once no
 * activation can still need the old branch, raise {@code min} and delete it; a recorded version
 * outside {@code [min, max]} is a panic.
 *
 * <p><b>The loophole.</b> Logging (SLF4J, the console) is diagnostic output, not an effect: a guest
 * may log, and its messages may appear again on every replay.
 *
 * <h2>What the engine checks on replay</h2>
 * <ul>
 *   <li>Every call: same target (identity of the host object behind the stand-in), same method,
 *       arguments equal structurally — errors by name only (class name; message and stack may
 *       differ).</li>
 *   <li>Vow settlements are replayed where they happened: only at awaits, in log order; a guest that
 *       calls where the log has a settlement, awaits where the log has a call, or makes a new call
 *       where the previous run was suspended at an await (a call "inserted before an await") has
 *       diverged.</li>
 *   <li>A guest that returns or throws before its log is replayed has diverged.</li>
 *   <li>A guest-made promise or object handed to the host cannot be logged.</li>
 * </ul>
 * Each of these <b>panics</b> the activation: it becomes Failed with its log intact and its outcome
 * vow pending, the problem is in {@code getFailures()} and goes to the
 * {@link io.vowstream.flow.async.PanicHandler}. Messages start with {@code replay N:}, N being the
 * position in the visible log. A later incarnation with compatible code repairs it: {@code wakeAll()}
 * restarts every failed activation. A host method that throws is not a panic: the guest gets a
 * fresh error of the same name and message. Not detected (by design, as in Temporal): a different
 * outcome computed without host interaction, and effects that bypass the membrane.
 *
 * <h2>Threads and turns</h2>
 * Each live activation runs on its own virtual thread, but guest and host never run at once: the
 * turn thread passes a baton to the guest and waits until the guest awaits a pending vow, finishes,
 * or makes a live host call (which the turn thread performs and logs before passing the baton back).
 * A replay runs entirely on the guest thread, answering from the log without handing over, so it
 * costs no thread switch per step. Under a manual scheduler everything stays deterministic.
 *
 * <h2>Restarts</h2>
 * In every incarnation: prepare the vow tools, then these tools (same outer zone), define every flow
 * tag and flow kit again, {@code resume()} the durable zone, then call {@code admin().wakeAll()}. A
 * tag with live activations that was not defined again is reported (by {@code resume()} and
 * {@code wakeAll()}), not dropped. Eager activations replay at {@code wakeAll}; lazy ones sleep until
 * the vow they await settles (a durable watch wakes them). A finished activation's log is deleted
 * and its record becomes a tombstone of the tools' own kind, so its tag need not be defined again.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.flow.async;
