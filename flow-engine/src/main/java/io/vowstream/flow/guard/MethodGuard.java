package io.vowstream.flow.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The guard of one method: patterns for required arguments, optional arguments, an optional rest
 * pattern, the result pattern and a {@link MethodMark}. Immutable; each {@code with…} method
 * returns a new guard.
 */
public final class MethodGuard {
    private final MethodMark mark;
    private final List<Pattern> required;
    private final List<Pattern> optional;
    private final @Nullable Pattern rest;
    private final Pattern returns;

    MethodGuard(MethodMark mark, List<Pattern> required, List<Pattern> optional, @Nullable Pattern rest,
            Pattern returns) {
        this.mark = mark;
        this.required = List.copyOf(required);
        this.optional = List.copyOf(optional);
        this.rest = rest;
        this.returns = returns;
    }

    /** The same guard with the given result pattern. */
    public MethodGuard returns(Pattern result) {
        if (mark == MethodMark.ASYNC_FLOW) {
            throw new IllegalArgumentException("an asyncFlow method always returns a vow; returns(...) is not allowed");
        }
        return new MethodGuard(mark, required, optional, rest, result);
    }

    /** The same guard with optional trailing arguments (each may be absent or match its pattern). */
    public MethodGuard optional(Pattern... args) {
        return new MethodGuard(mark, required, List.of(args), rest, returns);
    }

    /** The same guard accepting any number of further arguments matching {@code pattern}. */
    public MethodGuard rest(Pattern pattern) {
        return new MethodGuard(mark, required, optional, pattern, returns);
    }

    public MethodMark mark() {
        return mark;
    }

    public List<Pattern> requiredArguments() {
        return required;
    }

    public List<Pattern> optionalArguments() {
        return optional;
    }

    public @Nullable Pattern restArguments() {
        return rest;
    }

    public Pattern result() {
        return returns;
    }

    /** Why {@code args} do not fit, as {@code (index, reason)}; null when they fit. */
    @Nullable Violation checkArguments(@Nullable Object[] args) {
        if (args.length < required.size()) {
            return new Violation(-1, "expects at least " + required.size() + " argument(s) but got " + args.length);
        }
        if (rest == null && args.length > required.size() + optional.size()) {
            return new Violation(-1, "expects at most " + (required.size() + optional.size())
                    + " argument(s) but got " + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            Pattern p = i < required.size() ? required.get(i)
                    : i < required.size() + optional.size() ? orNull(optional.get(i - required.size()))
                    : rest;
            String why = p == null ? null : p.mismatch(args[i]);
            if (why != null) {
                return new Violation(i, why);
            }
        }
        return null;
    }

    private static Pattern orNull(Pattern p) {
        return p.matches(null) ? p : new Patterns.Opt(p);
    }

    record Violation(int argument, String reason) {}

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        required.forEach(p -> parts.add(p.describe()));
        optional.forEach(p -> parts.add("?" + p.describe()));
        if (rest != null) {
            parts.add("..." + rest.describe());
        }
        String head = mark == MethodMark.ASYNC_FLOW ? "asyncFlow" : "call";
        return parts.stream().collect(Collectors.joining(", ", head + "(", ")")) + " -> " + returns.describe();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodGuard g && toString().equals(g.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
