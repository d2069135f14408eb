package io.vowstream.flow.internal;

import io.vowstream.flow.zone.ExoContext;
import io.vowstream.flow.zone.State;
import io.vowstream.flow.zone.StateShape;
import org.jspecify.annotations.Nullable;

/** The context handed to an exo's behaviour. */
final class ExoContextImpl implements ExoContext {
    private final StateImpl state;
    private final @Nullable KitImpl kit;
    private final String label;
    private @Nullable Object self;

    ExoContextImpl(ZoneRuntime runtime, long id, String label, StateShape shape, @Nullable KitImpl kit) {
        this.state = new StateImpl(runtime, id, label, shape);
        this.kit = kit;
        this.label = label;
    }

    ExoContextImpl(StateImpl state, String label, KitImpl kit) {
        this.state = state;
        this.kit = kit;
        this.label = label;
    }

    void setSelf(Object self) {
        this.self = self;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public <T> T self(Class<T> type) {
        if (self == null) {
            throw new IllegalStateException("kind '" + label + "': self is not available yet");
        }
        return type.cast(self);
    }

    @Override
    public <F> F facet(String name, Class<F> type) {
        if (kit == null) {
            throw new IllegalArgumentException("kind '" + label + "' is not a kit; it has no facet '" + name + "'");
        }
        return kit.facet(name, type);
    }
}
