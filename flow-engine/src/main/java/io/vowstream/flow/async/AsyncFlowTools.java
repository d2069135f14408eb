package io.vowstream.flow.async;

import io.vowstream.flow.internal.AsyncFlowEngine;
import io.vowstream.flow.vow.VowTools;
import io.vowstream.flow.zone.Zone;

/**
 * Durable async flows (log and replay) over one outer zone. Prepare once per incarnation, after the
 * vow tools and before the durable zone is resumed; then define every flow again, resume the zone
 * and call {@code admin().wakeAll()}.
 *
 * <pre>{@code
 * VowTools vows = VowTools.prepare(root.subZone("vows"));
 * AsyncFlowTools flows = AsyncFlowTools.prepare(root.subZone("flows"), vows, AsyncFlowOptions.defaults());
 * HostFlow transfer = flows.asyncFlow(root, "transfer", (ctx, args) -> {
 *     Bank bank = (Bank) args.get(0);
 *     long balance = ctx.await(bank.balanceLater());
 *     return bank.withdraw(balance / 2);
 * });
 * Vow<Object> outcome = transfer.call(myBank);
 * }</pre>
 *
 * <p>Preparing uses the labels {@code asyncFuncFailures}, {@code asyncFuncEagerWakers},
 * {@code flowForOutcomeVow} and {@code DoneAsyncFlow} of the outer zone.
 */
public interface AsyncFlowTools {

    static AsyncFlowTools prepare(Zone outerZone, VowTools vows, AsyncFlowOptions options) {
        return AsyncFlowEngine.prepare(outerZone, vows, options);
    }

    static AsyncFlowTools prepare(Zone outerZone, VowTools vows) {
        return prepare(outerZone, vows, AsyncFlowOptions.defaults());
    }

    /** Defines (or defines again) flow {@code tag} in {@code zone} with the default eagerness. */
    HostFlow asyncFlow(Zone zone, String tag, GuestFunction guest);

    /** Defines (or defines again) flow {@code tag} in {@code zone}. */
    HostFlow asyncFlow(Zone zone, String tag, GuestFunction guest, boolean startEager);

    AsyncFlowAdmin admin();

    /** The async-flow aware view of {@code zone} (same zone tree as the tools). */
    AsyncFlowZone zone(Zone zone);

    /**
     * The compact binary encoding of one entry of a flow of this zone tree (as kept in the log and
     * published in journals): kind byte, then the entry's fields.
     */
    byte[] encodeEntry(LogEntry entry);

    /** The version of the engine's definitions and log format written by this engine. */
    int ENGINE_VERSION = 1;
}
