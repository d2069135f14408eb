package io.vowstream.flow.internal;

import io.vowstream.flow.zone.Kit;
import io.vowstream.flow.zone.KitSpec;
import io.vowstream.flow.zone.StateShape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The live form of a kit: one guarded proxy per facet, all sharing one state. */
final class KitImpl implements Kit, ZoneObject, ZoneRuntime.Faceted {
    private final ZoneRuntime runtime;
    private final long id;
    private final String label;
    private final Map<String, Object> facets = new LinkedHashMap<>();
    private final StateImpl state;
    private final @Nullable StateAccessorFacet stateFacet;

    KitImpl(ZoneRuntime runtime, long id, String label, StateShape shape, KitSpec spec,
            ZoneImpl.@Nullable KitFlowStarter flows) {
        this.runtime = runtime;
        this.id = id;
        this.label = label;
        this.state = new StateImpl(runtime, id, label, shape);
        this.stateFacet = flows == null ? null : new StateAccessorFacet(this);
        spec.facets().forEach((name, f) -> facets.put(name, ExoHandler.proxy(runtime, id, name, label, f.guard(),
                f.type(), f.behaviour()::apply, new ExoContextImpl(state, label, this),
                flows == null ? null : (method, args) -> flows.start(this, name, method, args))));
    }

    StateImpl state() {
        return state;
    }

    @Override
    public Set<String> facetNames() {
        return facets.keySet();
    }

    @Override
    public <F> F facet(String name, Class<F> type) {
        if (name.startsWith("_")) {
            throw new IllegalArgumentException("facet '" + name + "' of kit '" + label + "' is internal");
        }
        Object f = facet(name);
        if (!type.isInstance(f)) {
            throw new IllegalArgumentException("facet '" + name + "' of kit '" + label + "' does not implement "
                    + type.getName());
        }
        return type.cast(f);
    }

    @Override
    public Object facet(String name) {
        if (name.equals(StateAccessorFacet.FACET) && stateFacet != null) {
            return stateFacet; // internal only: the public facet(name, type) refuses '_' names
        }
        Object f = facets.get(name);
        if (f == null) {
            throw new IllegalArgumentException("kit '" + label + "' has no facet '" + name + "' (facets: "
                    + facets.keySet() + ")");
        }
        return f;
    }

    @Override
    public ObjectIdentities.Identity zoneIdentity() {
        return new ObjectIdentities.Identity(runtime, id, "", label);
    }

    @Override
    public String toString() {
        return label + "#" + id + facets.keySet();
    }
}
