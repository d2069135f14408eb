package io.vowstream.flow.zone;

import io.vowstream.flow.internal.ZoneAccess;

/** Test helper: writes kit state behind a flow's back (as another host method would). */
public final class ZoneAccessBridge {
    private ZoneAccessBridge() {}

    public static void setCount(Kit kit, long value) {
        ZoneAccess.stateOf(kit).set("count", value);
    }
}
