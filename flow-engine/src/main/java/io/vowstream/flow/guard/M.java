package io.vowstream.flow.guard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The pattern language, in the spirit of Endo's {@code M}: value patterns, method guards and
 * interface guards. Everything returned here is an immutable value.
 *
 * <pre>{@code
 * InterfaceGuard counterI = M.interfaceGuard("Counter")
 *     .method("increment", M.call(M.nat()).returns(M.nat()))
 *     .method("name", M.call().returns(M.string()));
 * }</pre>
 */
public final class M {
    private M() {}

    private static final Pattern ANY = new Patterns.Leaf(Patterns.Kind.ANY);
    private static final Pattern STRING = new Patterns.Leaf(Patterns.Kind.STRING);
    private static final Pattern NUMBER = new Patterns.Leaf(Patterns.Kind.NUMBER);
    private static final Pattern NAT = new Patterns.Leaf(Patterns.Kind.NAT);
    private static final Pattern BOOLEAN = new Patterns.Leaf(Patterns.Kind.BOOLEAN);
    private static final Pattern BYTES = new Patterns.Leaf(Patterns.Kind.BYTES);
    private static final Pattern NULL = new Patterns.Leaf(Patterns.Kind.NULL);
    private static final Pattern VOW = new Patterns.Leaf(Patterns.Kind.VOW);

    /** Any value, including {@code null}. */
    public static Pattern any() {
        return ANY;
    }

    /** A {@link String}. */
    public static Pattern string() {
        return STRING;
    }

    /** Any number: an integer type, {@code BigInteger}, {@code double} or {@code float}. */
    public static Pattern number() {
        return NUMBER;
    }

    /** A natural number: a non-negative integer of an integer type or {@code BigInteger}. */
    public static Pattern nat() {
        return NAT;
    }

    public static Pattern bool() {
        return BOOLEAN;
    }

    /** {@link io.vowstream.flow.Bytes} or a {@code byte[]}. */
    public static Pattern bytes() {
        return BYTES;
    }

    /** Exactly {@code null}. */
    public static Pattern nul() {
        return NULL;
    }

    /** A {@link io.vowstream.flow.vow.Vow}. */
    public static Pattern vow() {
        return VOW;
    }

    /** A value equal to {@code value}. */
    public static Pattern eq(@Nullable Object value) {
        return new Patterns.Eq(value);
    }

    /** {@code null} or a value matching {@code pattern}. */
    public static Pattern opt(Pattern pattern) {
        return new Patterns.Opt(pattern);
    }

    /** A value matching at least one of the alternatives. */
    public static Pattern or(Pattern first, Pattern... more) {
        List<Pattern> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        return new Patterns.Or(List.copyOf(all));
    }

    /** A list whose every element matches {@code element}. */
    public static Pattern listOf(Pattern element) {
        return new Patterns.ListOf(element);
    }

    /** A set whose every element matches {@code element}. */
    public static Pattern setOf(Pattern element) {
        return new Patterns.SetOf(element);
    }

    /** A map whose keys and values match the given patterns. */
    public static Pattern mapOf(Pattern key, Pattern value) {
        return new Patterns.MapOf(key, value);
    }

    /** Any Java record. */
    public static Pattern record() {
        return new Patterns.RecordOf(null, Map.of());
    }

    /** A record of class {@code type}; components named in {@code components} must match their patterns. */
    public static Pattern record(Class<? extends Record> type, Map<String, Pattern> components) {
        return new Patterns.RecordOf(type, new LinkedHashMap<>(components));
    }

    /** A record of class {@code type}, with any component values. */
    public static Pattern record(Class<? extends Record> type) {
        return new Patterns.RecordOf(type, Map.of());
    }

    /** A reference to any object made by a zone (exo instance or kit facet). */
    public static Pattern remotable() {
        return new Patterns.Remotable(null);
    }

    /** A reference to an object made by a zone whose interface guard is named {@code interfaceName}. */
    public static Pattern remotable(String interfaceName) {
        return new Patterns.Remotable(interfaceName);
    }

    /** A method guard for a synchronous call with the given required argument patterns, returning anything. */
    public static MethodGuard call(Pattern... args) {
        return new MethodGuard(MethodMark.CALL, List.of(args), List.of(), null, ANY);
    }

    /**
     * A method guard marking a kit method as an async flow: calling it starts a durable flow and
     * returns its outcome vow. Only kits defined through an async-flow zone
     * ({@code AsyncFlowTools.zone(zone).exoClassKit}) accept it; other definitions are refused.
     */
    public static MethodGuard asyncFlow(MethodGuard call) {
        if (call.mark() == MethodMark.ASYNC_FLOW) {
            return call;
        }
        return new MethodGuard(MethodMark.ASYNC_FLOW, call.requiredArguments(), call.optionalArguments(),
                call.restArguments(), VOW);
    }

    /** {@code asyncFlow(call(args))}. */
    public static MethodGuard asyncFlow(Pattern... args) {
        return new MethodGuard(MethodMark.ASYNC_FLOW, List.of(args), List.of(), null, VOW);
    }

    /** An interface guard with no methods yet; add them with {@link InterfaceGuard#method}. */
    public static InterfaceGuard interfaceGuard(String name) {
        return new InterfaceGuard(name, Map.of());
    }
}
