package io.vowstream.flow.internal;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.disconnect.DisconnectionReason;
import io.vowstream.flow.internal.StoredForms.Ref;
import io.vowstream.flow.internal.StoredForms.StoredEnum;
import io.vowstream.flow.internal.StoredForms.StoredError;
import io.vowstream.flow.internal.StoredForms.StoredRecord;
import io.vowstream.flow.internal.StoredForms.StoredVow;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowWatcher;
import io.vowstream.flow.zone.NotStorableException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/**
 * Converts live values to their stored form and back, enforcing "storable". In a heap runtime the
 * stored form is the live value itself (after the same checks, relaxed to allow heap objects,
 * promises and watchers).
 */
final class ValueCodec {
    private final ZoneRuntime runtime;
    private final boolean durable;

    ValueCodec(ZoneRuntime runtime) {
        this.runtime = runtime;
        this.durable = runtime.isDurable();
    }

    boolean isStorable(@Nullable Object value) {
        try {
            toStored(value, "value");
            return true;
        } catch (NotStorableException e) {
            return false;
        }
    }

    @Nullable Object toStored(@Nullable Object v, String where) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double || v instanceof BigInteger || v instanceof Bytes) {
            return v;
        }
        if (v instanceof Short || v instanceof Byte) {
            return durable ? (Object) ((Number) v).intValue() : v;
        }
        if (v instanceof Float f) {
            return durable ? (Object) f.doubleValue() : v;
        }
        if (v instanceof byte[] b) {
            return Bytes.copyOf(b);
        }
        if (v instanceof Enum<?> e) {
            return durable ? new StoredEnum(e.getDeclaringClass().getName(), e.name()) : v;
        }
        if (v instanceof Vow<?> vow) {
            Object s = toStored(vow.shortener(), where + " (shortener of " + vow + ")");
            return durable ? new StoredVow(s) : v;
        }
        if (v instanceof Throwable t) {
            if (!durable) {
                return v;
            }
            DisconnectionReason reason = t instanceof DisconnectedException d ? d.reason() : null;
            String message = t.getMessage() == null ? "" : t.getMessage();
            return new StoredError(io.vowstream.flow.async.FlowError.nameOf(t), message,
                    reason == null ? null : toStored(reason, where + " (disconnection reason)"));
        }
        ObjectIdentities.Identity id = ObjectIdentities.identify(v);
        if (id != null) {
            if (id.runtime() == runtime) {
                return durable ? new Ref(id.id(), id.facet()) : v;
            }
            if (durable) {
                throw new NotStorableException(where + ": " + v + " was made by "
                        + (id.runtime().isDurable() ? "another durable zone tree" : "a heap zone")
                        + " and cannot be stored in durable zone tree");
            }
            return v;
        }
        if (v instanceof Record r) {
            Map<String, Object> components = new LinkedHashMap<>();
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                Object value;
                try {
                    rc.getAccessor().setAccessible(true);
                    value = rc.getAccessor().invoke(r);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new NotStorableException(where + ": component '" + rc.getName() + "' of record "
                            + r.getClass().getName() + " cannot be read: " + e);
                }
                components.put(rc.getName(), toStored(value,
                        where + ", component '" + rc.getName() + "' of record " + r.getClass().getSimpleName()));
            }
            return durable ? new StoredRecord(r.getClass().getName(), components) : v;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(toStored(list.get(i), where + "[" + i + "]"));
            }
            return durable ? out : v;
        }
        if (v instanceof Set<?> set) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object e : set) {
                out.add(toStored(e, where + " (set element)"));
            }
            return durable ? out : v;
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object key = toStored(e.getKey(), where + " (map key)");
                out.put(key, toStored(e.getValue(), where + "[" + e.getKey() + "]"));
            }
            return durable ? out : v;
        }
        if (!durable && (v instanceof CompletionStage<?> || v instanceof VowWatcher || v instanceof Vow.Shortener)) {
            return v;
        }
        throw new NotStorableException(where + ": " + describe(v) + " is not storable"
                + (durable ? " in a durable zone" : "") + hint(v));
    }

    static String describe(Object v) {
        Class<?> c = v.getClass();
        if (c.isSynthetic() || c.getName().contains("$$Lambda")) {
            return "a lambda (" + c.getName() + ")";
        }
        if (c.isAnonymousClass()) {
            return "an anonymous " + c.getSuperclass().getSimpleName() + " (" + c.getName() + ")";
        }
        return "a " + c.getName();
    }

    private static String hint(Object v) {
        if (v instanceof CompletionStage<?>) {
            return " (a promise dies with the heap: store a vow instead)";
        }
        if (v instanceof VowWatcher || v instanceof Vow.Shortener) {
            return " (watchers and shorteners must be durable zone objects here)";
        }
        return "";
    }

    @NullUnmarked
    Object revive(Object stored) {
        if (!durable || stored == null) {
            return stored;
        }
        return switch (stored) {
            case StoredRecord r -> reviveRecord(r);
            case StoredEnum e -> reviveEnum(e);
            case StoredVow v -> Vow.of((Vow.Shortener) revive(v.shortener()));
            case Ref ref -> runtime.liveObject(ref.id(), ref.facet());
            case StoredError e -> reviveError(e);
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                for (Object o : list) {
                    out.add(revive(o));
                }
                yield Collections.unmodifiableList(out);
            }
            case Set<?> set -> {
                Set<Object> out = new LinkedHashSet<>();
                for (Object o : set) {
                    out.add(revive(o));
                }
                yield Collections.unmodifiableSet(out);
            }
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, val) -> out.put(revive(k), revive(val)));
                yield Collections.unmodifiableMap(out);
            }
            default -> stored;
        };
    }

    private static Class<?> loadClass(String name) {
        try {
            return Class.forName(name, false, ValueCodec.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                try {
                    return Class.forName(name, false, context);
                } catch (ClassNotFoundException ignored) {
                    // fall through to the clear error below
                }
            }
            throw new IllegalStateException("stored class " + name + " is not on the class path", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object reviveEnum(StoredEnum e) {
        Class<?> c = loadClass(e.className());
        if (!c.isEnum()) {
            throw new IllegalStateException("stored enum class " + e.className() + " is no longer an enum");
        }
        try {
            return Enum.valueOf((Class) c, e.name());
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException("enum " + e.className() + " has no constant '" + e.name()
                    + "' any more", ex);
        }
    }

    private Object reviveError(StoredError e) {
        if (e.reason() != null) {
            return new DisconnectedException((DisconnectionReason) revive(e.reason()));
        }
        try {
            Class<?> c = Class.forName(e.className(), false, ValueCodec.class.getClassLoader());
            if (Throwable.class.isAssignableFrom(c)) {
                return c.getConstructor(String.class).newInstance(e.message());
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError ignored) {
            // an error class that cannot be rebuilt keeps its name in the message
        }
        return new io.vowstream.flow.async.FlowError(e.className(), e.message());
    }

    private Object reviveRecord(StoredRecord r) {
        Class<?> c = loadClass(r.className());
        if (!c.isRecord()) {
            throw new IllegalStateException("stored record class " + r.className() + " is no longer a record");
        }
        RecordComponent[] rcs = c.getRecordComponents();
        Set<String> known = new LinkedHashSet<>();
        for (RecordComponent rc : rcs) {
            known.add(rc.getName());
        }
        for (String stored : r.components().keySet()) {
            if (!known.contains(stored)) {
                throw new IllegalStateException("record " + r.className() + ": stored component '" + stored
                        + "' was removed or renamed; this change is not compatible with stored data");
            }
        }
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            RecordComponent rc = rcs[i];
            types[i] = rc.getType();
            if (!r.components().containsKey(rc.getName())) {
                if (rc.getType().isPrimitive()
                        || !rc.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                    throw new IllegalStateException("record " + r.className() + ": new component '" + rc.getName()
                            + "' has no stored value and is not @Nullable; this change is not compatible with stored data");
                }
                args[i] = null;
                continue;
            }
            args[i] = fit(revive(r.components().get(rc.getName())), rc.getType(), r.className(), rc.getName());
        }
        try {
            Constructor<?> ctor = c.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("record " + r.className() + " cannot be rebuilt: " + e, e);
        }
    }

    private static @Nullable Object fit(@Nullable Object value, Class<?> type, String record, String component) {
        if (value == null) {
            if (type.isPrimitive()) {
                throw retyped(record, component, "null", type);
            }
            return null;
        }
        if (type == byte[].class && value instanceof Bytes b) {
            return b.toByteArray();
        }
        Class<?> boxed = box(type);
        if (boxed.isInstance(value)) {
            return value;
        }
        if (value instanceof Integer i) {
            if (boxed == Short.class && i == i.shortValue()) {
                return i.shortValue();
            }
            if (boxed == Byte.class && i == i.byteValue()) {
                return i.byteValue();
            }
        }
        if (value instanceof Double d && boxed == Float.class) {
            return d.floatValue();
        }
        throw retyped(record, component, value.getClass().getSimpleName(), type);
    }

    private static IllegalStateException retyped(String record, String component, String found, Class<?> type) {
        return new IllegalStateException("record " + record + ": stored component '" + component + "' holds "
                + found + ", which does not fit its type " + type.getSimpleName()
                + " (retyped component?); this change is not compatible with stored data");
    }

    private static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) {
            return t;
        }
        if (t == int.class) {
            return Integer.class;
        }
        if (t == long.class) {
            return Long.class;
        }
        if (t == double.class) {
            return Double.class;
        }
        if (t == boolean.class) {
            return Boolean.class;
        }
        if (t == short.class) {
            return Short.class;
        }
        if (t == byte.class) {
            return Byte.class;
        }
        if (t == float.class) {
            return Float.class;
        }
        return Character.class;
    }
}
