package io.vowstream.flow.guard;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.internal.ObjectIdentities;
import io.vowstream.flow.vow.Vow;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The pattern implementations behind {@link M}. */
final class Patterns {
    private Patterns() {}

    static String show(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return '"' + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + '"';
        }
        String text = String.valueOf(value);
        if (text.length() > 60) {
            text = text.substring(0, 60) + "…";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return text + " (" + value.getClass().getSimpleName() + ")";
        }
        return text;
    }

    static boolean isIntegral(@Nullable Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger;
    }

    static boolean isNumber(@Nullable Object v) {
        return isIntegral(v) || v instanceof Double || v instanceof Float;
    }

    static int signum(Object integral) {
        return integral instanceof BigInteger b ? b.signum() : Long.signum(((Number) integral).longValue());
    }

    enum Kind { ANY, STRING, NUMBER, NAT, BOOLEAN, BYTES, NULL, VOW }

    /** Patterns that test one property of the specimen's type. */
    record Leaf(Kind kind) implements Pattern {
        @Override
        public @Nullable String mismatch(@Nullable Object v) {
            boolean ok = switch (kind) {
                case ANY -> true;
                case STRING -> v instanceof String;
                case NUMBER -> isNumber(v);
                case NAT -> isIntegral(v) && signum(v) >= 0;
                case BOOLEAN -> v instanceof Boolean;
                case BYTES -> v instanceof Bytes || v instanceof byte[];
                case NULL -> v == null;
                case VOW -> v instanceof Vow<?>;
            };
            return ok ? null : show(v) + " does not match " + describe();
        }

        @Override
        public String describe() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Eq(@Nullable Object value) implements Pattern {
        @Override
        public @Nullable String mismatch(@Nullable Object v) {
            return Objects.equals(value, v) ? null : show(v) + " does not match " + describe();
        }

        @Override
        public String describe() {
            return "eq(" + show(value) + ")";
        }
    }

    record Opt(Pattern inner) implements Pattern {
        @Override
        public @Nullable String mismatch(@Nullable Object v) {
            return v == null ? null : inner.mismatch(v);
        }

        @Override
        public String describe() {
            return "opt(" + inner.describe() + ")";
        }
    }

    record Or(List<Pattern> alternatives) implements Pattern {
        @Override
        public @Nullable String mismatch(@Nullable Object v) {
            for (Pattern p : alternatives) {
                if (p.matches(v)) {
                    return null;
                }
            }
            return show(v) + " does not match " + describe();
        }

        @Override
        public String describe() {
            return alternatives.stream().map(Pattern::describe).collect(Collectors.joining(" | ", "or(", ")"));
        }
    }

    record ListOf(Pattern element) implements Pattern {
        @Override
        public @Nullable String mismatch(@Nullable Object v) {
            if (!(v instanceof List<?> list)) {
                return show(v) + " is not a list";
            }
            for (int i = 0; i < list.size(); i++) {
                String why = element.mismatch(list.get(i));
                if (why != null) {
                    return "element [" + i + "]: " + why;
                }
            }
            return null;
        }

        @Override
        public String describe() {
            return "list<" + element.describe() + ">";
        }
    }

    record SetOf(Pattern element) implements Pattern {
        @Override
        public @Nullable String mismatch(@Nullable Object v) {
            if (!(v instanceof Set<?> set)) {
                return show(v) + " is not a set";
            }
            for (Object e : set) {
                String why = element.mismatch(e);
                if (why != null) {
                    return "set element: " + why;
                }
            }
            return null;
        }

        @Override
        public String describe() {
            return "set<" + element.describe() + ">";
        }
    }

    record MapOf(Pattern key, Pattern value) implements Pattern {
        @Override
        public @Nullable String mismatch(@Nullable Object v) {
            if (!(v instanceof Map<?, ?> map)) {
                return show(v) + " is not a map";
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String why = key.mismatch(e.getKey());
                if (why != null) {
                    return "map key: " + why;
                }
                why = value.mismatch(e.getValue());
                if (why != null) {
                    return "map value for key " + show(e.getKey()) + ": " + why;
                }
            }
            return null;
        }

        @Override
        public String describe() {
            return "map<" + key.describe() + ", " + value.describe() + ">";
        }
    }

    /** A record of a given class (or any record), with patterns for some of its components. */
    record RecordOf(@Nullable Class<? extends Record> type, Map<String, Pattern> components) implements Pattern {
        RecordOf {
            if (type != null) {
                Set<String> names = java.util.Arrays.stream(type.getRecordComponents())
                        .map(RecordComponent::getName).collect(Collectors.toSet());
                for (String name : components.keySet()) {
                    if (!names.contains(name)) {
                        throw new IllegalArgumentException(
                                "record " + type.getSimpleName() + " has no component '" + name + "'");
                    }
                }
            }
        }

        @Override
        public @Nullable String mismatch(@Nullable Object v) {
            if (!(v instanceof Record r) || (type != null && !type.isInstance(v))) {
                return show(v) + " does not match " + describe();
            }
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                Pattern p = components.get(rc.getName());
                if (p == null) {
                    continue;
                }
                Object value;
                try {
                    rc.getAccessor().setAccessible(true);
                    value = rc.getAccessor().invoke(r);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return "component '" + rc.getName() + "' cannot be read: " + e;
                }
                String why = p.mismatch(value);
                if (why != null) {
                    return "component '" + rc.getName() + "': " + why;
                }
            }
            return null;
        }

        @Override
        public String describe() {
            String name = type == null ? "record" : "record " + type.getName();
            if (components.isEmpty()) {
                return name;
            }
            return components.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue().describe())
                    .collect(Collectors.joining(", ", name + "{", "}"));
        }
    }

    /** A reference to an object made by a zone (an exo or a kit facet). */
    record Remotable(@Nullable String interfaceName) implements Pattern {
        @Override
        public @Nullable String mismatch(@Nullable Object v) {
            String actual = v == null ? null : ObjectIdentities.interfaceNameOf(v);
            if (actual == null) {
                return show(v) + " is not a remotable object";
            }
            if (interfaceName != null && !interfaceName.equals(actual)) {
                return "remotable with interface '" + actual + "' does not match " + describe();
            }
            return null;
        }

        @Override
        public String describe() {
            return interfaceName == null ? "remotable" : "remotable(" + interfaceName + ")";
        }
    }
}
