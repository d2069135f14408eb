package io.vowstream.flow.async;

import org.jspecify.annotations.Nullable;

/**
 * The internal state-accessor facet ({@code _state}) of a kit with {@code M.asyncFlow} methods. A
 * kit flow's guest receives a stand-in for it: each read and write is a logged host call, so a
 * replay answers reads from the log and does not write again.
 */
public interface StateAccessor {

    @Nullable Object get(String field);

    void set(String field, @Nullable Object value);
}
