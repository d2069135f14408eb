package io.vowstream.flow.internal;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of values in a durable zone: plain data (null, Boolean, Integer, Long, Double,
 * BigInteger, String, Bytes, ArrayList, LinkedHashMap, LinkedHashSet) plus these records. Stored
 * forms hold no references to live objects, so they can be written to bytes and compared by value.
 */
final class StoredForms {
    private StoredForms() {}

    /** A Java record, by class name and component names (so added components can be read from old data). */
    record StoredRecord(String className, Map<String, @Nullable Object> components) {}

    record StoredEnum(String className, String name) {}

    /** A vow, by its stored shortener (normally a {@link Ref}). */
    record StoredVow(Object shortener) {}

    /** A durable object: its id and facet ("" for a single-facet object). */
    record Ref(long id, String facet) {}

    /** A Throwable, reduced to class name and message; disconnections keep their reason. */
    record StoredError(String className, String message, @Nullable Object reason) {}
}
