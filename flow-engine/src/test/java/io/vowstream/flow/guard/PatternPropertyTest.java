package io.vowstream.flow.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated values: each pattern accepts exactly the values it describes. */
class PatternPropertyTest {

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(5).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.bigIntegers().between(BigInteger.valueOf(-1_000_000), BigInteger.valueOf(1_000_000))
                        .map(b -> (Object) b),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(4).map(b -> (Object) b)
        ).injectNull(0.05);
        return Arbitraries.oneOf(leaves,
                leaves.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(3), leaves).ofMaxSize(3).map(m -> (Object) m));
    }

    static boolean isIntegral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
    }

    static boolean isNat(Object v) {
        return isIntegral(v) && (v instanceof BigInteger b ? b.signum() >= 0 : ((Number) v).longValue() >= 0);
    }

    @Property
    void natAcceptsExactlyNonNegativeIntegers(@ForAll("values") Object v) {
        assertThat(M.nat().matches(v)).isEqualTo(isNat(v));
    }

    @Property
    void stringAcceptsExactlyStrings(@ForAll("values") Object v) {
        assertThat(M.string().matches(v)).isEqualTo(v instanceof String);
    }

    @Property
    void numberAcceptsExactlyNumbers(@ForAll("values") Object v) {
        assertThat(M.number().matches(v)).isEqualTo(isIntegral(v) || v instanceof Double);
    }

    @Property
    void optAcceptsNullOrInner(@ForAll("values") Object v) {
        assertThat(M.opt(M.string()).matches(v)).isEqualTo(v == null || v instanceof String);
    }

    @Property
    void orIsTheUnionOfAlternatives(@ForAll("values") Object v) {
        assertThat(M.or(M.string(), M.nat()).matches(v)).isEqualTo(v instanceof String || isNat(v));
    }

    @Property
    void listOfAcceptsExactlyListsOfMatchingElements(@ForAll("values") Object v) {
        boolean expected = v instanceof List<?> l && l.stream().allMatch(PatternPropertyTest::isNat);
        assertThat(M.listOf(M.nat()).matches(v)).isEqualTo(expected);
    }

    @Property
    void mapOfAcceptsExactlyMapsOfMatchingEntries(@ForAll("values") Object v) {
        boolean expected = v instanceof Map<?, ?> m
                && m.keySet().stream().allMatch(k -> k instanceof String)
                && m.values().stream().allMatch(x -> x == null || x instanceof String);
        assertThat(M.mapOf(M.string(), M.opt(M.string())).matches(v)).isEqualTo(expected);
    }

    @Property
    void mismatchIsNullExactlyWhenMatching(@ForAll("values") Object v) {
        Pattern p = M.listOf(M.or(M.bytes(), M.bool()));
        assertThat(p.mismatch(v) == null).isEqualTo(p.matches(v));
        assertThat(M.any().matches(v)).isTrue();
    }
}
