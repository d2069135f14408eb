package io.vowstream.flow.internal;

import io.vowstream.flow.zone.State;
import java.lang.reflect.Proxy;

/**
 * Engine-only access to zone objects, for the layers built on top (the async-flow engine reads and
 * writes a kit's state through it, as its internal state-accessor facet).
 */
public final class ZoneAccess {
    private ZoneAccess() {}

    /**
     * The state of an exo instance, of a kit, or of the kit a facet belongs to.
     *
     * @throws IllegalArgumentException when {@code zoneObject} is not an exo, kit or kit facet
     */
    public static State stateOf(Object zoneObject) {
        if (zoneObject instanceof KitImpl kit) {
            return kit.state();
        }
        if (Proxy.isProxyClass(zoneObject.getClass()) && Proxy.getInvocationHandler(zoneObject) instanceof ExoHandler h) {
            return h.context().state();
        }
        throw new IllegalArgumentException(zoneObject + " is not an exo, kit or kit facet");
    }
}
