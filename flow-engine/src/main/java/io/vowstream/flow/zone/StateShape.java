package io.vowstream.flow.zone;

import io.vowstream.flow.guard.Pattern;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The declared fields of a kind's state: a pattern per field, and whether the field is optional.
 * Across incarnations a kind may add optional fields; removing a field, changing its pattern, or
 * adding a required field is refused when the kind is defined again.
 */
public final class StateShape {
    private static final StateShape EMPTY = new StateShape(Map.of(), Map.of());

    private final Map<String, Pattern> fields;
    private final Map<String, Boolean> optional;

    private StateShape(Map<String, Pattern> fields, Map<String, Boolean> optional) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.optional = Collections.unmodifiableMap(new LinkedHashMap<>(optional));
    }

    public static StateShape empty() {
        return EMPTY;
    }

    /** This shape plus a required field. */
    public StateShape field(String name, Pattern pattern) {
        return with(name, pattern, false);
    }

    /** This shape plus an optional field (may be absent or null). */
    public StateShape optionalField(String name, Pattern pattern) {
        return with(name, pattern, true);
    }

    private StateShape with(String name, Pattern pattern, boolean isOptional) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a state field needs a non-blank name");
        }
        if (fields.containsKey(name)) {
            throw new IllegalArgumentException("state field '" + name + "' is declared twice");
        }
        Map<String, Pattern> f = new LinkedHashMap<>(fields);
        f.put(name, pattern);
        Map<String, Boolean> o = new LinkedHashMap<>(optional);
        o.put(name, isOptional);
        return new StateShape(f, o);
    }

    /** Field name to pattern, in declaration order. */
    public Map<String, Pattern> fields() {
        return fields;
    }

    public boolean isOptional(String field) {
        return optional.getOrDefault(field, false);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StateShape{");
        fields.forEach((k, v) -> sb.append(k).append(isOptional(k) ? "?: " : ": ").append(v.describe()).append(", "));
        return sb.append('}').toString();
    }
}
