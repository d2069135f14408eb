package io.vowstream.flow.zone;

import java.util.List;

/** A set of storable elements kept by a zone, in insertion order. */
public interface SetStore<E> {

    String label();

    boolean has(E element);

    /** Adds the element; returns false when it was already present. */
    boolean add(E element);

    /** Removes the element; returns false when it was absent. */
    boolean delete(E element);

    List<E> values();

    int size();
}
