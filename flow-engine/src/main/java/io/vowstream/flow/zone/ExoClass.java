package io.vowstream.flow.zone;

import java.util.Map;

/** Maker of the instances of one exo kind. */
public interface ExoClass<T> {

    /** The kind's label. */
    String label();

    /**
     * A new instance whose state is {@code initialState}: every required field of the state shape
     * must be present, optional ones may be absent, values must match their patterns and be
     * storable.
     */
    T make(Map<String, ?> initialState);
}
