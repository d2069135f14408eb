package io.vowstream.flow.zone;

/** What an exo's behaviour sees of its instance: its state and its facets. */
public interface ExoContext {

    /** The instance's durable state. */
    State state();

    /** The guarded object itself (for a kit: the facet being built). */
    <T> T self(Class<T> type);

    /** A facet of the same kit (for a single-facet exo only {@code self} exists). */
    <F> F facet(String name, Class<F> type);
}
