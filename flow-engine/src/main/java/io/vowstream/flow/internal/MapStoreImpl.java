package io.vowstream.flow.internal;

import io.vowstream.flow.zone.MapStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A map store over a zone's stored-form map. */
final class MapStoreImpl<K, V> implements MapStore<K, V> {
    private final ZoneRuntime runtime;
    private final String label;
    private final LinkedHashMap<@Nullable Object, @Nullable Object> data;

    MapStoreImpl(ZoneRuntime runtime, String label, LinkedHashMap<@Nullable Object, @Nullable Object> data) {
        this.runtime = runtime;
        this.label = label;
        this.data = data;
    }

    private @Nullable Object key(K key) {
        return runtime.codec.toStored(key, "key of map store '" + label + "'");
    }

    /** The stored form of a key that must be present. */
    private @Nullable Object existingKey(K key) {
        Object k = key(key);
        if (!data.containsKey(k)) {
            throw new IllegalArgumentException("key " + key + " not found in map store '" + label + "'");
        }
        return k;
    }

    private @Nullable Object stored(K key, V value) {
        return runtime.codec.toStored(value, "value for key " + key + " of map store '" + label + "'");
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public boolean has(K key) {
        return data.containsKey(key(key));
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(K key) {
        Object k = existingKey(key);
        return (V) runtime.codec.revive(data.get(k));
    }

    @Override
    @SuppressWarnings("unchecked")
    public @Nullable V find(K key) {
        return (V) runtime.codec.revive(data.get(key(key)));
    }

    @Override
    public void init(K key, V value) {
        Object k = key(key);
        if (data.containsKey(k)) {
            throw new IllegalArgumentException("key " + key + " is already in map store '" + label + "'");
        }
        data.put(k, stored(key, value));
    }

    @Override
    public void set(K key, V value) {
        Object k = existingKey(key);
        data.put(k, stored(key, value));
    }

    @Override
    public void put(K key, V value) {
        data.put(key(key), stored(key, value));
    }

    @Override
    public void delete(K key) {
        Object k = existingKey(key);
        data.remove(k);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<K> keys() {
        List<K> out = new ArrayList<>();
        data.keySet().forEach(k -> out.add((K) runtime.codec.revive(k)));
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<V> values() {
        List<V> out = new ArrayList<>();
        data.values().forEach(v -> out.add((V) runtime.codec.revive(v)));
        return out;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public String toString() {
        return "MapStore[" + label + ", " + data.size() + " entries]";
    }
}
