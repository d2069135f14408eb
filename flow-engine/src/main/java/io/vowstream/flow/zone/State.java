package io.vowstream.flow.zone;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The state of one exo instance or kit: named fields declared by its {@link StateShape}. Values
 * read are fresh copies of what is stored (records, lists and maps are values, not shared); a
 * write checks the field's pattern and storability before it takes effect.
 */
public interface State {

    Set<String> fields();

    /** The field's value ({@code null} for an optional field never set). */
    @Nullable Object get(String field);

    /** The field's value, cast to {@code type}. */
    <T> @Nullable T get(String field, Class<T> type);

    void set(String field, @Nullable Object value);
}
