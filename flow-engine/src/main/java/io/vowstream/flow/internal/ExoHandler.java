package io.vowstream.flow.internal;

import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.MethodGuard;
import io.vowstream.flow.zone.ExoContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The guarded object of an exo or kit facet: checks each call against the interface guard, then
 * forwards it to the behaviour (made lazily, once per incarnation).
 */
final class ExoHandler implements InvocationHandler {
    private static final Object[] NO_ARGS = new Object[0];

    private final ZoneRuntime runtime;
    private final long id;
    private final String facet;
    private final String label;
    private final InterfaceGuard guard;
    private final Class<?> type;
    private final Function<ExoContext, ?> behaviour;
    private final ExoContextImpl context;
    /** Starts the async flow of a method marked {@code M.asyncFlow} (kits of an async-flow zone only). */
    private final @Nullable BiFunction<String, Object[], Object> flows;
    private @Nullable Object target;

    private ExoHandler(ZoneRuntime runtime, long id, String facet, String label, InterfaceGuard guard, Class<?> type,
            Function<ExoContext, ?> behaviour, ExoContextImpl context,
            @Nullable BiFunction<String, Object[], Object> flows) {
        this.flows = flows;
        this.runtime = runtime;
        this.id = id;
        this.facet = facet;
        this.label = label;
        this.guard = guard;
        this.type = type;
        this.behaviour = behaviour;
        this.context = context;
    }

    static Object proxy(ZoneRuntime runtime, long id, String facet, String label, InterfaceGuard guard, Class<?> type,
            Function<ExoContext, ?> behaviour, ExoContextImpl context) {
        return proxy(runtime, id, facet, label, guard, type, behaviour, context, null);
    }

    static Object proxy(ZoneRuntime runtime, long id, String facet, String label, InterfaceGuard guard, Class<?> type,
            Function<ExoContext, ?> behaviour, ExoContextImpl context,
            @Nullable BiFunction<String, Object[], Object> flows) {
        ExoHandler h = new ExoHandler(runtime, id, facet, label, guard, type, behaviour, context, flows);
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
        context.setSelf(proxy);
        return proxy;
    }

    ExoContextImpl context() {
        return context;
    }

    ObjectIdentities.Identity identity() {
        return new ObjectIdentities.Identity(runtime, id, facet, guard.name());
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
        Object[] a = args == null ? NO_ARGS : args;
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == a[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> toString();
            };
        }
        MethodGuard g = guard.guardOf(method.getName());
        if (g != null) {
            guard.checkCall(method.getName(), a, method);
        } else if (!ZoneImpl.isEngineMethod(method)) {
            // checkInterface makes this unreachable for well-formed definitions.
            guard.checkCall(method.getName(), a, method);
        }
        Object result;
        if (g != null && flows != null && g.mark() == io.vowstream.flow.guard.MethodMark.ASYNC_FLOW) {
            result = flows.apply(method.getName(), a);
            guard.checkResult(method.getName(), result);
            return result;
        }
        try {
            method.setAccessible(true);
            result = method.invoke(target(), a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (g != null) {
            guard.checkResult(method.getName(), result);
        }
        return result;
    }

    private Object target() {
        if (target == null) {
            Object t = behaviour.apply(context);
            if (t == null || !type.isInstance(t)) {
                throw new IllegalStateException("behaviour of kind '" + label + "' returned " + t
                        + " instead of an implementation of " + type.getName());
            }
            target = t;
        }
        return target;
    }

    @Override
    public String toString() {
        return label + "#" + id + (facet.isEmpty() ? "" : "." + facet);
    }
}
