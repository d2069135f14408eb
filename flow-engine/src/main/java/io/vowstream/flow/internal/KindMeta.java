package io.vowstream.flow.internal;

import io.vowstream.flow.zone.StateShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored description of a kind (its sort, interface name, facets and state fields), and the
 * rules for defining it again in a later incarnation.
 */
final class KindMeta {
    private KindMeta() {}

    static Map<String, Object> of(String sort, String interfaceName, List<String> facets, StateShape shape) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("sort", sort);
        meta.put("interface", interfaceName);
        meta.put("facets", new ArrayList<>(facets));
        Map<String, Object> fields = new LinkedHashMap<>();
        shape.fields().forEach((name, p) ->
                fields.put(name, new ArrayList<>(List.of(p.describe(), shape.isOptional(name)))));
        meta.put("fields", fields);
        return meta;
    }

    @SuppressWarnings("unchecked")
    static void checkCompatible(String kind, Map<String, Object> old, Map<String, Object> now) {
        if (!old.get("sort").equals(now.get("sort"))) {
            throw new IllegalArgumentException("kind '" + kind + "' was defined as " + old.get("sort")
                    + " and cannot be defined again as " + now.get("sort"));
        }
        List<Object> oldFacets = (List<Object>) old.get("facets");
        List<Object> newFacets = (List<Object>) now.get("facets");
        for (Object f : oldFacets) {
            if (!newFacets.contains(f)) {
                throw new IllegalArgumentException("kind '" + kind + "': facet '" + f
                        + "' was removed; stored references to it would break");
            }
        }
        Map<String, Object> oldFields = (Map<String, Object>) old.get("fields");
        Map<String, Object> newFields = (Map<String, Object>) now.get("fields");
        for (Map.Entry<String, Object> e : oldFields.entrySet()) {
            List<Object> was = (List<Object>) e.getValue();
            List<Object> is = (List<Object>) newFields.get(e.getKey());
            if (is == null) {
                throw new IllegalArgumentException("stateShape mismatch for kind '" + kind + "': state field '"
                        + e.getKey() + "' was removed");
            }
            if (!was.get(0).equals(is.get(0))) {
                throw new IllegalArgumentException("stateShape mismatch for kind '" + kind + "': state field '"
                        + e.getKey() + "' changed from " + was.get(0) + " to " + is.get(0));
            }
            if (Boolean.TRUE.equals(was.get(1)) && !Boolean.TRUE.equals(is.get(1))) {
                throw new IllegalArgumentException("stateShape mismatch for kind '" + kind + "': state field '"
                        + e.getKey() + "' changed from optional to required");
            }
        }
        for (Map.Entry<String, Object> e : newFields.entrySet()) {
            List<Object> is = (List<Object>) e.getValue();
            if (!oldFields.containsKey(e.getKey()) && !Boolean.TRUE.equals(is.get(1))) {
                throw new IllegalArgumentException("stateShape mismatch for kind '" + kind + "': new state field '"
                        + e.getKey() + "' must be optional, since existing objects have no value for it");
            }
        }
    }
}
