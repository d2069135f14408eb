package io.vowstream.flow.internal;

import io.vowstream.flow.async.StateAccessor;
import org.jspecify.annotations.Nullable;

/** The internal {@code _state} facet of a kit with async-flow methods: reads and writes its state. */
final class StateAccessorFacet implements StateAccessor, ZoneObject {
    static final String FACET = "_state";
    private final KitImpl kit;

    StateAccessorFacet(KitImpl kit) {
        this.kit = kit;
    }

    @Override
    public @Nullable Object get(String field) {
        return ZoneAccess.stateOf(kit).get(field);
    }

    @Override
    public void set(String field, @Nullable Object value) {
        ZoneAccess.stateOf(kit).set(field, value);
    }

    @Override
    public ObjectIdentities.Identity zoneIdentity() {
        ObjectIdentities.Identity k = kit.zoneIdentity();
        return new ObjectIdentities.Identity(k.runtime(), k.id(), FACET, "StateAccessor");
    }

    @Override
    public String toString() {
        return kit + "." + FACET;
    }
}
