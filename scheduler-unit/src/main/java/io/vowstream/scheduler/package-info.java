/**
 * The scheduler unit (SU): gives every item sent to a process a nonce and a link in the process's
 * hash chain, as a signed assignment, exactly once.
 *
 * <p>Public surface: {@link io.vowstream.scheduler.SchedulerUnit} (start and stop a unit),
 * {@link io.vowstream.scheduler.SchedulerUnitMain} (the OS process),
 * {@link io.vowstream.scheduler.BlockHeightSource} (where {@code Block-Height} comes from) and
 * {@link io.vowstream.scheduler.RejectionReason} (the stable codes written to {@code
 * vowstream.rejected}). Everything else is package-private.
 *
 * <p>Rules (SPEC §5): a Process gets its own assignment at nonce 0, without {@code Message}, with
 * {@code Hash-Chain = SHA-256(raw(pid))}; its first message gets nonce 1. A Process scheduled with
 * the Kafka header {@code Vowstream-Registration: legacy} is registered without an assignment (a
 * process imported from elsewhere); its first message gets nonce 0, seeded from the process id. An
 * item already on a process's schedule (same id, message or process) is acknowledged without a new
 * nonce. Everything else that cannot be scheduled goes to the rejected topic with a reason. The
 * chain rule and its independent verifier are {@link io.vowstream.dataitem.HashChain}, in
 * {@code schemas}, so the compute unit verifies with the same code without depending on the SU.
 */
@NullMarked
package io.vowstream.scheduler;

import org.jspecify.annotations.NullMarked;
