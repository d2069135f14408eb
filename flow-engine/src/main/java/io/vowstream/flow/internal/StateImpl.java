package io.vowstream.flow.internal;

import io.vowstream.flow.guard.Pattern;
import io.vowstream.flow.zone.State;
import io.vowstream.flow.zone.StateShape;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Named-field access to one object's stored state, checked against the kind's shape. */
final class StateImpl implements State {
    private final ZoneRuntime runtime;
    private final long id;
    private final String label;
    private final StateShape shape;

    StateImpl(ZoneRuntime runtime, long id, String label, StateShape shape) {
        this.runtime = runtime;
        this.id = id;
        this.label = label;
        this.shape = shape;
    }

    @Override
    public Set<String> fields() {
        return shape.fields().keySet();
    }

    private Pattern pattern(String field) {
        Pattern p = shape.fields().get(field);
        if (p == null) {
            throw new IllegalArgumentException("kind '" + label + "' has no state field '" + field + "'");
        }
        return p;
    }

    @Override
    public @Nullable Object get(String field) {
        pattern(field);
        return runtime.codec.revive(runtime.record(id).state.get(field));
    }

    @Override
    public <T> @Nullable T get(String field, Class<T> type) {
        Object v = get(field);
        if (v != null && !type.isInstance(v)) {
            throw new ClassCastException("state field '" + field + "' of kind '" + label + "' holds "
                    + v.getClass().getName() + ", not " + type.getName());
        }
        return type.cast(v);
    }

    @Override
    public void set(String field, @Nullable Object value) {
        Pattern p = pattern(field);
        String where = "state field '" + field + "' of kind '" + label + "'";
        if (value == null && !shape.isOptional(field) && !p.matches(null)) {
            throw new IllegalArgumentException(where + " is required and cannot be set to null");
        }
        if (value != null) {
            p.mustMatch(value, where);
        }
        Object stored = runtime.codec.toStored(value, where);
        runtime.record(id).state.put(field, stored);
    }

    @Override
    public String toString() {
        return "State of " + label + "#" + id;
    }
}
