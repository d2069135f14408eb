package io.vowstream.flow.zone;

import java.util.Set;

/** The facets of one kit instance. A kit is storable; so is each facet. */
public interface Kit {

    Set<String> facetNames();

    /**
     * The facet named {@code name}, as {@code type}.
     *
     * @throws IllegalArgumentException if there is no such facet or it does not implement {@code type}
     */
    <F> F facet(String name, Class<F> type);
}
