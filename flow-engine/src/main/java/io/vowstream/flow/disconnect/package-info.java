/**
 * Disconnections and the retry rule. A step that fails because its host went away (upgrade,
 * partition move, termination, transient I/O) fails with a
 * {@link io.vowstream.flow.disconnect.DisconnectedException} carrying a
 * {@link io.vowstream.flow.disconnect.DisconnectionReason}; the single
 * {@link io.vowstream.flow.disconnect.RetryPolicy} decides whether the step is tried again. No input
 * makes it retry forever: each rule limits repeats and a hard cap bounds every loop.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.flow.disconnect;
