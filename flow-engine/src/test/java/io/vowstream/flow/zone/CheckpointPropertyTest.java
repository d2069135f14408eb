package io.vowstream.flow.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.testing.ManualFlowScheduler;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated storable values survive a checkpoint and restore unchanged, order included. */
class CheckpointPropertyTest {
    record Pair(Object left, Object right) {}

    @Provide
    Arbitrary<Object> storables() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(b -> (Object) b),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(5).map(b -> (Object) Bytes.copyOf(b)));
        return Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(3), inner).ofMaxSize(3)
                        .map(m -> (Object) new LinkedHashMap<>(m)),
                inner.set().ofMaxSize(3).map(s -> (Object) new LinkedHashSet<>(s)),
                Arbitraries.entries(inner, inner).map(e -> (Object) new Pair(e.getKey(), e.getValue()))), 3);
    }

    @Property(tries = 200)
    void storedValuesComeBackEqual(@ForAll("storables") Object value) {
        DurableZone z = Zones.durable(new ManualFlowScheduler());
        MapStore<Object, Object> store = z.mapStore("m");
        store.init("v", value);
        z.mapStore("keys").init(value, "as key");
        DurableZone back = Zones.restore(z.checkpoint(), new ManualFlowScheduler());
        MapStore<Object, Object> m = back.mapStore("m");
        assertThat(m.get("v")).isEqualTo(value);
        assertThat(back.mapStore("keys").get(value)).isEqualTo("as key");
        if (value instanceof Map<?, ?> map) {
            assertThat(List.copyOf(((Map<?, ?>) m.get("v")).keySet())).isEqualTo(List.copyOf(map.keySet()));
        }
    }
}
