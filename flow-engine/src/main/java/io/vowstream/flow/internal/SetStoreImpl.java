package io.vowstream.flow.internal;

import io.vowstream.flow.zone.SetStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A set store over a zone's stored-form set. */
final class SetStoreImpl<E> implements SetStore<E> {
    private final ZoneRuntime runtime;
    private final String label;
    private final LinkedHashSet<@Nullable Object> data;

    SetStoreImpl(ZoneRuntime runtime, String label, LinkedHashSet<@Nullable Object> data) {
        this.runtime = runtime;
        this.label = label;
        this.data = data;
    }

    private @Nullable Object stored(E e) {
        return runtime.codec.toStored(e, "element of set store '" + label + "'");
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public boolean has(E element) {
        return data.contains(stored(element));
    }

    @Override
    public boolean add(E element) {
        return data.add(stored(element));
    }

    @Override
    public boolean delete(E element) {
        return data.remove(stored(element));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<E> values() {
        List<E> out = new ArrayList<>();
        data.forEach(v -> out.add((E) runtime.codec.revive(v)));
        return out;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public String toString() {
        return "SetStore[" + label + ", " + data.size() + " elements]";
    }
}
