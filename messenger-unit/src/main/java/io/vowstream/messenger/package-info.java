/**
 * The messenger unit (MU): the gate where signed items enter, and the loop that carries process
 * outboxes back to the scheduler until nothing is left to send.
 *
 * <p>Public surface: {@link io.vowstream.messenger.MessengerUnit} (start and stop a unit),
 * {@link io.vowstream.messenger.MessengerUnitMain} (the OS process) and {@link
 * io.vowstream.messenger.RejectionReason} (the stable codes written to {@code vowstream.rejected}
 * and returned by {@code POST /}). Everything else is package-private.
 *
 * <p>Two transactional stages: ingress ({@code vowstream.ingress} → checks → {@code
 * vowstream.schedule} or {@code vowstream.rejected}) and cranking ({@code vowstream.results} →
 * signed pushes → {@code vowstream.schedule}). Two read models over committed records: the process
 * directory (process items from the nonce-0 assignments) and the trace. Pushed items have
 * deterministic ids (anchor from source process, nonce, kind and index; Ed25519 signatures), so a
 * replayed push is the same item and the SU schedules it once.
 */
@NullMarked
package io.vowstream.messenger;

import org.jspecify.annotations.NullMarked;
