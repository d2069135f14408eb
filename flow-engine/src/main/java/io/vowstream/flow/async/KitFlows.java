package io.vowstream.flow.async;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The guest bodies of the {@code M.asyncFlow} methods of one kit kind, by facet and method name. */
public final class KitFlows {
    private final Map<String, KitGuest> flows;

    private KitFlows(Map<String, KitGuest> flows) {
        this.flows = Collections.unmodifiableMap(new LinkedHashMap<>(flows));
    }

    public static KitFlows empty() {
        return new KitFlows(Map.of());
    }

    /** These flows plus the body of {@code facet.method}; @throws IllegalArgumentException when repeated. */
    public KitFlows flow(String facet, String method, KitGuest guest) {
        String key = facet + "." + method;
        if (flows.containsKey(key)) {
            throw new IllegalArgumentException("flow body for '" + key + "' is given twice");
        }
        Map<String, KitGuest> copy = new LinkedHashMap<>(flows);
        copy.put(key, java.util.Objects.requireNonNull(guest, "guest"));
        return new KitFlows(copy);
    }

    /** "facet.method" to body. */
    public Map<String, KitGuest> flows() {
        return flows;
    }
}
