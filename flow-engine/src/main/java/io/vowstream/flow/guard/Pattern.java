package io.vowstream.flow.guard;

import org.jspecify.annotations.Nullable;

/**
 * A description of a set of values, made with {@link M}. Patterns are immutable values; two
 * patterns with equal {@link #describe()} text accept the same values, which is how a durable
 * kind's state shape is compared across incarnations.
 */
public sealed interface Pattern permits Patterns.Leaf, Patterns.Eq, Patterns.Opt, Patterns.Or,
        Patterns.ListOf, Patterns.MapOf, Patterns.SetOf, Patterns.RecordOf, Patterns.Remotable {

    /** Whether {@code specimen} is one of the values this pattern describes. */
    default boolean matches(@Nullable Object specimen) {
        return mismatch(specimen) == null;
    }

    /** Why {@code specimen} does not match, or {@code null} when it does. */
    @Nullable String mismatch(@Nullable Object specimen);

    /** Stable, human-readable text of the pattern, e.g. {@code list<nat>}. */
    String describe();

    /** Throws {@link IllegalArgumentException} naming {@code what} when the specimen does not match. */
    default void mustMatch(@Nullable Object specimen, String what) {
        String why = mismatch(specimen);
        if (why != null) {
            throw new IllegalArgumentException(what + ": " + why);
        }
    }
}
