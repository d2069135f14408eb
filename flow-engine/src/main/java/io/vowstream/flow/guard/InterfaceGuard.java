package io.vowstream.flow.guard;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A named set of method guards: the boundary of an exo or of one kit facet. A call through a zone
 * object is checked against its method guard before the method runs; a violation throws
 * {@link GuardViolationException} naming the interface, the method and the argument.
 */
public final class InterfaceGuard {
    private final String name;
    private final Map<String, MethodGuard> methods;

    InterfaceGuard(String name, Map<String, MethodGuard> methods) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("an interface guard needs a non-blank name");
        }
        this.name = name;
        this.methods = Collections.unmodifiableMap(new LinkedHashMap<>(methods));
    }

    /** This guard plus a guard for {@code method} (replacing an earlier guard of that name). */
    public InterfaceGuard method(String method, MethodGuard guard) {
        Map<String, MethodGuard> copy = new LinkedHashMap<>(methods);
        copy.put(method, guard);
        return new InterfaceGuard(name, copy);
    }

    public String name() {
        return name;
    }

    public Map<String, MethodGuard> methods() {
        return methods;
    }

    public @Nullable MethodGuard guardOf(String method) {
        return methods.get(method);
    }

    /**
     * Checks the arguments of a call to {@code method}; {@code javaMethod}, when given, supplies
     * parameter names for the message.
     */
    public void checkCall(String method, @Nullable Object[] args, @Nullable Method javaMethod) {
        MethodGuard guard = methods.get(method);
        if (guard == null) {
            throw new GuardViolationException(name, method, -1, "method has no guard in interface '" + name + "'");
        }
        MethodGuard.Violation v = guard.checkArguments(args);
        if (v != null) {
            String argName = "";
            if (v.argument() >= 0 && javaMethod != null && v.argument() < javaMethod.getParameterCount()
                    && javaMethod.getParameters()[v.argument()].isNamePresent()) {
                argName = " (" + javaMethod.getParameters()[v.argument()].getName() + ")";
            }
            throw new GuardViolationException(name, method, v.argument(),
                    (v.argument() >= 0 ? "argument " + v.argument() + argName + ": " : "") + v.reason());
        }
    }

    /** Checks the result of a call to {@code method}. */
    public void checkResult(String method, @Nullable Object result) {
        MethodGuard guard = methods.get(method);
        if (guard == null) {
            return;
        }
        String why = guard.result().mismatch(result);
        if (why != null) {
            throw new GuardViolationException(name, method, -1, "result: " + why);
        }
    }

    @Override
    public String toString() {
        return "InterfaceGuard " + name + methods;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterfaceGuard g && g.name.equals(name) && g.methods.equals(methods);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + methods.hashCode();
    }
}
