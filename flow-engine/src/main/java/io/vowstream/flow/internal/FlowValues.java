package io.vowstream.flow.internal;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.async.FlowError;
import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.vow.Vow;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Value rules of the membrane: plain data, fresh errors, and structural equality ("equate"). */
final class FlowValues {
    private FlowValues() {}

    /** Values that cross unchanged in both directions. */
    static boolean isPlain(@Nullable Object v) {
        return v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double || v instanceof BigInteger || v instanceof Bytes || v instanceof Enum<?>
                || v instanceof Short || v instanceof Byte || v instanceof Float;
    }

    private static final ClassValue<@Nullable Constructor<?>> MESSAGE_CONSTRUCTOR = new ClassValue<>() {
        @Override
        protected @Nullable Constructor<?> computeValue(Class<?> type) {
            try {
                if (!Modifier.isPublic(type.getModifiers())) {
                    return null;
                }
                return type.getConstructor(String.class);
            } catch (NoSuchMethodException | SecurityException e) {
                return null;
            }
        }
    };

    /** A new error with the same name and message (and disconnection reason) as {@code t}. */
    static Throwable freshError(Throwable t) {
        if (t instanceof DisconnectedException d) {
            return new DisconnectedException(d.reason());
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof FlowError f) {
            return new FlowError(f.name(), message);
        }
        Constructor<?> c = MESSAGE_CONSTRUCTOR.get(t.getClass());
        if (c != null) {
            try {
                return (Throwable) c.newInstance(message);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall through: keep the name in a FlowError
            }
        }
        return new FlowError(t.getClass().getName(), message);
    }

    /** Rebuilds a record with each component mapped by {@code f}. */
    static Record mapRecord(Record r, java.util.function.UnaryOperator<@Nullable Object> f) {
        RecordComponent[] rcs = r.getClass().getRecordComponents();
        Object[] values = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        boolean changed = false;
        try {
            for (int i = 0; i < rcs.length; i++) {
                rcs[i].getAccessor().setAccessible(true);
                Object old = rcs[i].getAccessor().invoke(r);
                values[i] = f.apply(old);
                changed |= values[i] != old;
                types[i] = rcs[i].getType();
            }
            if (!changed) {
                return r;
            }
            Constructor<?> c = r.getClass().getDeclaredConstructor(types);
            c.setAccessible(true);
            return (Record) c.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("record " + r.getClass().getName() + " cannot cross the membrane: " + e,
                    e);
        }
    }

    /**
     * Why host value {@code now} (what the guest does now) differs from logged value {@code logged},
     * or null when they are equal: structurally, errors by name only, objects and vows by identity.
     */
    static @Nullable String unequal(@Nullable Object now, @Nullable Object logged, String path) {
        if (now == logged) {
            return null;
        }
        if (now == null || logged == null) {
            return path + "unequal " + show(now) + " vs " + show(logged);
        }
        if (now instanceof Throwable a) {
            if (!(logged instanceof Throwable b)) {
                return path + "unequal " + show(now) + " vs " + show(logged);
            }
            String na = FlowError.nameOf(a);
            String nb = FlowError.nameOf(b);
            return na.equals(nb) ? null : path + "error name: unequal \"" + na + "\" vs \"" + nb + "\"";
        }
        if (now instanceof List<?> a) {
            if (!(logged instanceof List<?> b)) {
                return path + "unequal " + show(now) + " vs " + show(logged);
            }
            if (a.size() != b.size()) {
                return path + "list length: unequal " + a.size() + " vs " + b.size();
            }
            for (int i = 0; i < a.size(); i++) {
                String why = unequal(a.get(i), b.get(i), path + "[" + i + "]: ");
                if (why != null) {
                    return why;
                }
            }
            return null;
        }
        if (now instanceof Map<?, ?> a) {
            if (!(logged instanceof Map<?, ?> b)) {
                return path + "unequal " + show(now) + " vs " + show(logged);
            }
            List<?> ka = new ArrayList<>(a.keySet());
            List<?> kb = new ArrayList<>(b.keySet());
            String why = unequal(ka, kb, path + "keys: ");
            if (why != null) {
                return why;
            }
            for (Object k : ka) {
                why = unequal(a.get(k), b.get(k), path + "[" + k + "]: ");
                if (why != null) {
                    return why;
                }
            }
            return null;
        }
        if (now instanceof Set<?> a) {
            if (!(logged instanceof Set<?> b)) {
                return path + "unequal " + show(now) + " vs " + show(logged);
            }
            return unequal(new ArrayList<>(a), new ArrayList<>(b), path);
        }
        if (now instanceof Record a && !(now instanceof Vow<?>)) {
            if (a.getClass() != logged.getClass()) {
                return path + "unequal " + show(now) + " vs " + show(logged);
            }
            List<@Nullable Object> ca = new ArrayList<>();
            List<@Nullable Object> cb = new ArrayList<>();
            mapRecord(a, v -> {
                ca.add(v);
                return v;
            });
            mapRecord((Record) logged, v -> {
                cb.add(v);
                return v;
            });
            return unequal(ca, cb, path + a.getClass().getSimpleName() + ": ");
        }
        if (now instanceof Integer || now instanceof Long || logged instanceof Integer || logged instanceof Long) {
            return now.getClass() == logged.getClass() && now.equals(logged) ? null
                    : path + "unequal " + show(now) + " vs " + show(logged);
        }
        return Objects.equals(now, logged) ? null : path + "unequal " + show(now) + " vs " + show(logged);
    }

    static String show(@Nullable Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        if (v instanceof Long l) {
            return l + "L";
        }
        if (v instanceof Throwable t) {
            return FlowError.nameOf(t) + "(" + t.getMessage() + ")";
        }
        return String.valueOf(v);
    }

    static List<@Nullable Object> listOf(@Nullable Object[] a) {
        List<@Nullable Object> l = new ArrayList<>(a.length);
        for (Object o : a) {
            l.add(o);
        }
        return l;
    }
}
