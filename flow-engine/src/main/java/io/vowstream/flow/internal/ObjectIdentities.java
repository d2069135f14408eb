package io.vowstream.flow.internal;

import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;

/** Recognises objects made by zones, whatever their Java class. */
public final class ObjectIdentities {
    private ObjectIdentities() {}

    /** Who an object is: its runtime, id, facet and interface name. */
    record Identity(ZoneRuntime runtime, long id, String facet, String interfaceName) {}

    static @Nullable Identity identify(@Nullable Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof ZoneObject z) {
            return z.zoneIdentity();
        }
        if (Proxy.isProxyClass(o.getClass()) && Proxy.getInvocationHandler(o) instanceof ExoHandler h) {
            return h.identity();
        }
        return null;
    }

    /** The interface-guard name of a zone object, or null when {@code o} is not one. */
    public static @Nullable String interfaceNameOf(Object o) {
        Identity id = identify(o);
        return id == null ? null : id.interfaceName();
    }

    /** Whether {@code o} was made by a durable zone. */
    public static boolean isDurableObject(@Nullable Object o) {
        Identity id = identify(o);
        return id != null && id.runtime().isDurable();
    }
}
