package io.vowstream.flow.async;

import io.vowstream.flow.zone.ExoKitClass;
import io.vowstream.flow.zone.KitSpec;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zone;

/**
 * An async-flow aware view of a zone. Kit methods guarded by {@code M.asyncFlow} become flows:
 * calling one starts an activation (tag {@code label.facet.method}) whose guest gets a stand-in for
 * the kit's internal state accessor, and returns the outcome vow. Single-facet exos cannot use the
 * mark, and facet names starting with {@code _} are reserved (the engine adds {@code _state}).
 */
public interface AsyncFlowZone {

    /** The underlying zone (its {@code exo} and {@code exoClass} still refuse the mark). */
    Zone zone();

    /** An async flow defined straight on this zone: {@code tools.asyncFlow(zone(), tag, guest)}. */
    HostFlow asyncFlow(String tag, GuestFunction guest);

    /**
     * A kit kind whose {@code M.asyncFlow} methods run the bodies in {@code flows}; define it again
     * with the same label, facets and flow names in every incarnation.
     *
     * @throws IllegalArgumentException when a marked method has no body, a body names no marked
     *     method, or the label is taken
     */
    ExoKitClass exoClassKit(String label, StateShape stateShape, KitSpec facets, KitFlows flows);
}
