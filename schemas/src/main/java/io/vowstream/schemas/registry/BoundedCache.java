package io.vowstream.schemas.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** A small least-recently-used map; ids and schemas are few, so one lock is enough. */
final class BoundedCache<K, V> {
  private final LinkedHashMap<K, V> entries;

  BoundedCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache capacity must be at least 1, was " + capacity);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized @Nullable V get(K key) {
    return entries.get(key);
  }

  synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  synchronized void removeKeysIf(Predicate<? super K> condition) {
    entries.keySet().removeIf(condition);
  }

  synchronized int size() {
    return entries.size();
  }
}
