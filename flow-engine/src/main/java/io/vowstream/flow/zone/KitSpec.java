package io.vowstream.flow.zone;

import io.vowstream.flow.guard.InterfaceGuard;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The facets of an exo-kit kind: per facet name, its guard, Java interface and behaviour. */
public final class KitSpec {

    /** One facet's definition. */
    public record Facet<F>(InterfaceGuard guard, Class<F> type, Function<ExoContext, ? extends F> behaviour) {}

    private final Map<String, Facet<?>> facets;

    private KitSpec(Map<String, Facet<?>> facets) {
        this.facets = Collections.unmodifiableMap(new LinkedHashMap<>(facets));
    }

    public static KitSpec empty() {
        return new KitSpec(Map.of());
    }

    /**
     * This spec plus a facet. Names beginning with {@code _} are reserved for the engine.
     *
     * @throws IllegalArgumentException for a reserved, blank or repeated name
     */
    public <F> KitSpec facet(String name, InterfaceGuard guard, Class<F> type,
            Function<ExoContext, ? extends F> behaviour) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a kit facet needs a non-blank name");
        }
        if (name.startsWith("_")) {
            throw new IllegalArgumentException("facet name '" + name + "' is reserved for internal use (prefix '_')");
        }
        if (facets.containsKey(name)) {
            throw new IllegalArgumentException("facet '" + name + "' is declared twice");
        }
        Map<String, Facet<?>> copy = new LinkedHashMap<>(facets);
        copy.put(name, new Facet<>(guard, type, behaviour));
        return new KitSpec(copy);
    }

    public Map<String, Facet<?>> facets() {
        return facets;
    }
}
