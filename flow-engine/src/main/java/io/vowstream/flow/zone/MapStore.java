package io.vowstream.flow.zone;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A store of key-value pairs kept by a zone, in insertion order. Keys and values must be storable
 * in the zone; values read are fresh copies of what is stored.
 */
public interface MapStore<K, V> {

    String label();

    boolean has(K key);

    /** @throws IllegalArgumentException naming the store and key when the key is absent */
    V get(K key);

    /** The value, or null when the key is absent. */
    @Nullable V find(K key);

    /** Adds a new entry; @throws IllegalArgumentException when the key is already present. */
    void init(K key, V value);

    /** Replaces an entry; @throws IllegalArgumentException when the key is absent. */
    void set(K key, V value);

    /** Adds or replaces. */
    void put(K key, V value);

    /** Removes the entry; @throws IllegalArgumentException when the key is absent. */
    void delete(K key);

    List<K> keys();

    List<V> values();

    int size();
}
