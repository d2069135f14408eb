package io.vowstream.flow.internal;

import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.MethodGuard;
import io.vowstream.flow.guard.MethodMark;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowWatcher;
import io.vowstream.flow.zone.DurableZone;
import io.vowstream.flow.zone.ExoClass;
import io.vowstream.flow.zone.ExoContext;
import io.vowstream.flow.zone.ExoKitClass;
import io.vowstream.flow.zone.Kit;
import io.vowstream.flow.zone.KitSpec;
import io.vowstream.flow.zone.MapStore;
import io.vowstream.flow.zone.NotStorableException;
import io.vowstream.flow.zone.SetStore;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zone;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A zone: a path in its runtime. The root of a durable runtime is also its {@link DurableZone}. */
public final class ZoneImpl implements DurableZone {
    private final ZoneRuntime runtime;
    private final String path;

    ZoneImpl(ZoneRuntime runtime, String path) {
        this.runtime = runtime;
        this.path = path;
    }

    ZoneRuntime runtime() {
        return runtime;
    }

    /** The runtime behind a public zone; refuses zones from elsewhere. */
    static ZoneImpl of(Zone zone) {
        if (zone instanceof ZoneImpl z) {
            return z;
        }
        throw new IllegalArgumentException("zone " + zone + " was not made by io.vowstream.flow.zone.Zones");
    }

    @Override
    public String name() {
        return path;
    }

    @Override
    public boolean isDurable() {
        return runtime.isDurable();
    }

    @Override
    public long incarnation() {
        return runtime.incarnation();
    }

    @Override
    public String toString() {
        return (isDurable() ? "DurableZone[" : "HeapZone[") + path + ", incarnation " + incarnation() + "]";
    }

    // ---- exos ---------------------------------------------------------------------------------

    @Override
    public <T> T exo(String label, InterfaceGuard guard, Class<T> type, T behaviour) {
        Objects.requireNonNull(behaviour, "behaviour");
        checkInterface(label, guard, type, false, false);
        Map<String, Object> meta = KindMeta.of("exo", guard.name(), List.of(), StateShape.empty());
        String key = runtime.defineKind(path, label, meta, id -> ExoHandler.proxy(runtime, id, "", label, guard, type,
                ctx -> behaviour, new ExoContextImpl(runtime, id, label, StateShape.empty(), null)));
        ZoneRuntime.ZoneData zd = runtime.zoneData(path);
        String singletonKey = label + "_singleton";
        Object stored = zd.baggage.get(singletonKey);
        long id;
        if (stored instanceof Long existing) {
            id = existing;
        } else {
            id = runtime.newObject(key, new LinkedHashMap<>());
            zd.baggage.put(singletonKey, id);
        }
        return type.cast(runtime.liveObject(id, ""));
    }

    @Override
    public <T> ExoClass<T> exoClass(String label, InterfaceGuard guard, Class<T> type, StateShape stateShape,
            Function<ExoContext, ? extends T> behaviour) {
        Objects.requireNonNull(behaviour, "behaviour");
        checkInterface(label, guard, type, false, false);
        Map<String, Object> meta = KindMeta.of("class", guard.name(), List.of(), stateShape);
        String key = runtime.defineKind(path, label, meta, id -> ExoHandler.proxy(runtime, id, "", label, guard, type,
                behaviour, new ExoContextImpl(runtime, id, label, stateShape, null)));
        return new ExoClass<>() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public T make(Map<String, ?> initialState) {
                long id = runtime.newObject(key, initialState(label, stateShape, initialState));
                return type.cast(runtime.liveObject(id, ""));
            }
        };
    }

    /** Starts the async flow behind a marked kit method; returns its outcome vow. */
    interface KitFlowStarter {
        Object start(KitImpl kit, String facet, String method, Object[] args);
    }

    @Override
    public ExoKitClass exoClassKit(String label, StateShape stateShape, KitSpec facets) {
        return defineKit(label, stateShape, facets, null, null);
    }

    /**
     * A kit kind whose {@code M.asyncFlow} methods are started by {@code starter}; its kits get the
     * internal state-accessor facet. The flow description (version, methods) is kept in the kind's
     * stored description, so a later engine can tell how old definitions were made.
     */
    ExoKitClass exoClassKitWithFlows(String label, StateShape stateShape, KitSpec facets, Map<String, Object> flowMeta,
            KitFlowStarter starter) {
        return defineKit(label, stateShape, facets, flowMeta, starter);
    }

    private ExoKitClass defineKit(String label, StateShape stateShape, KitSpec facets,
            @Nullable Map<String, Object> flowMeta, @Nullable KitFlowStarter starter) {
        if (facets.facets().isEmpty()) {
            throw new IllegalArgumentException("kit kind '" + label + "' needs at least one facet");
        }
        facets.facets().forEach((name, f) -> {
            if (name.startsWith("_")) {
                throw new IllegalArgumentException("kit '" + label + "': facet name '" + name
                        + "' is reserved for internal use (prefix '_')");
            }
            checkInterface(label + "." + name, f.guard(), f.type(), true, starter != null);
        });
        List<String> facetNames = new java.util.ArrayList<>(facets.facets().keySet());
        if (starter != null) {
            facetNames.add(StateAccessorFacet.FACET);
        }
        Map<String, Object> meta = KindMeta.of("kit", label, facetNames, stateShape);
        if (flowMeta != null) {
            meta.put("asyncFlow", flowMeta);
        }
        String key = runtime.defineKind(path, label, meta,
                id -> new KitImpl(runtime, id, label, stateShape, facets, starter));
        return new ExoKitClass() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public Kit make(Map<String, ?> initialState) {
                long id = runtime.newObject(key, initialState(label, stateShape, initialState));
                return (Kit) runtime.liveObject(id, "");
            }
        };
    }

    private LinkedHashMap<String, @Nullable Object> initialState(String kind, StateShape shape, Map<String, ?> initial) {
        for (String field : initial.keySet()) {
            if (!shape.fields().containsKey(field)) {
                throw new IllegalArgumentException("kind '" + kind + "' has no state field '" + field + "'");
            }
        }
        LinkedHashMap<String, @Nullable Object> state = new LinkedHashMap<>();
        shape.fields().forEach((field, pattern) -> {
            Object value = initial.get(field);
            String where = "state field '" + field + "' of kind '" + kind + "'";
            if (value == null && !shape.isOptional(field) && !pattern.matches(null)) {
                throw new IllegalArgumentException("kind '" + kind + "' needs a value for required " + where);
            }
            if (value != null) {
                pattern.mustMatch(value, where);
            }
            state.put(field, runtime.codec.toStored(value, where));
        });
        return state;
    }

    /** Checks that guard and Java interface describe the same methods. */
    private static void checkInterface(String label, InterfaceGuard guard, Class<?> type, boolean facetOfKit,
            boolean flowsAllowed) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException("exo '" + label + "': type " + type.getName() + " must be an interface");
        }
        Map<String, Method> byName = new HashMap<>();
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || isEngineMethod(m)) {
                continue;
            }
            Method clash = byName.put(m.getName(), m);
            if (clash != null && !sameSignature(clash, m)) {
                throw new IllegalArgumentException("exo '" + label + "': interface " + type.getName()
                        + " overloads method '" + m.getName() + "'; guarded methods need unique names");
            }
            if (guard.guardOf(m.getName()) == null) {
                throw new IllegalArgumentException("exo '" + label + "': method '" + m.getName() + "' of "
                        + type.getName() + " has no guard in interface '" + guard.name() + "'");
            }
        }
        for (Map.Entry<String, MethodGuard> e : guard.methods().entrySet()) {
            if (!byName.containsKey(e.getKey())) {
                throw new IllegalArgumentException("exo '" + label + "': interface guard '" + guard.name()
                        + "' guards method '" + e.getKey() + "', which " + type.getName() + " does not declare");
            }
            if (e.getValue().mark() == MethodMark.ASYNC_FLOW && !flowsAllowed) {
                throw new IllegalArgumentException("exo '" + label + "': method '" + e.getKey() + "' is marked "
                        + "M.asyncFlow, " + (facetOfKit
                                ? "which needs an async-flow zone (AsyncFlowTools.zone(zone).exoClassKit with a flow body)"
                                : "which is only allowed on a kit facet (exoClassKit), not on a single-facet exo"));
            }
        }
    }

    private static boolean sameSignature(Method a, Method b) {
        return java.util.Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
    }

    /** Methods of the engine's callback interfaces, which get no guard of their own. */
    static boolean isEngineMethod(Method m) {
        Class<?> d = m.getDeclaringClass();
        return d == Object.class || overrides(m, VowWatcher.class) || overrides(m, Vow.Shortener.class);
    }

    /** Whether {@code m} is (or redeclares) a method of the engine interface {@code api}. */
    private static boolean overrides(Method m, Class<?> api) {
        if (!api.isAssignableFrom(m.getDeclaringClass())) {
            return false;
        }
        try {
            api.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    // ---- once, sub-zones, stores --------------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public <T> T makeOnce(String key, Supplier<? extends T> maker) {
        runtime.useLabel(path, key);
        ZoneRuntime.ZoneData zd = runtime.zoneData(path);
        String k = key + "_once";
        if (zd.baggage.containsKey(k)) {
            return (T) runtime.codec.revive(zd.baggage.get(k));
        }
        T value = maker.get();
        Object stored;
        try {
            stored = runtime.codec.toStored(value, "makeOnce value for key '" + key + "' in zone '" + path + "'");
        } catch (NotStorableException e) {
            throw new NotStorableException("maker return value is not storable: " + e.getMessage());
        }
        zd.baggage.put(k, stored);
        return value;
    }

    @Override
    public Zone subZone(String label) {
        runtime.useLabel(path, label);
        String child = path + "/" + label;
        runtime.zoneData(child);
        return new ZoneImpl(runtime, child);
    }

    @Override
    public <K, V> MapStore<K, V> mapStore(String label) {
        runtime.useLabel(path, label);
        var maps = runtime.zoneData(path).maps;
        return new MapStoreImpl<>(runtime, path + ":" + label, maps.computeIfAbsent(label, l -> new LinkedHashMap<>()));
    }

    @Override
    public <E> SetStore<E> setStore(String label) {
        runtime.useLabel(path, label);
        var sets = runtime.zoneData(path).sets;
        return new SetStoreImpl<>(runtime, path + ":" + label,
                sets.computeIfAbsent(label, l -> new java.util.LinkedHashSet<>()));
    }

    @Override
    public boolean isStorable(@Nullable Object value) {
        return runtime.codec.isStorable(value);
    }

    @Override
    public void requireStorable(@Nullable Object value, String where) {
        runtime.codec.toStored(value, where);
    }

    // ---- root operations ----------------------------------------------------------------------

    @Override
    public byte[] checkpoint() {
        requireRoot("checkpoint()");
        return runtime.checkpoint();
    }

    @Override
    public void checkRedefined() {
        runtime.checkRedefined();
    }

    @Override
    public void resume() {
        requireRoot("resume()");
        runtime.resume();
    }

    @Override
    public void close() {
        requireRoot("close()");
        runtime.close();
    }

    private void requireRoot(String op) {
        if (!path.equals(ZoneRuntime.ROOT)) {
            throw new IllegalStateException(op + " is an operation of the root zone; '" + path + "' is a sub-zone");
        }
    }
}
