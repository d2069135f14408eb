package io.vowstream.flow.internal;

/** Implemented by engine-made objects that live in a zone (vow facets, watchers, kits). */
interface ZoneObject {
    ObjectIdentities.Identity zoneIdentity();
}
