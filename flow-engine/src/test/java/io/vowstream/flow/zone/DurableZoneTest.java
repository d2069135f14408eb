package io.vowstream.flow.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.disconnect.DisconnectionReason;
import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.ManualFlowScheduler;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Durable-only behaviour: checkpoints, incarnations, shape evolution, storability. */
class DurableZoneTest {
    interface Holder {
        @Nullable Object held();
    }

    static final InterfaceGuard HOLDER_I = M.interfaceGuard("Holder").method("held", M.call().returns(M.any()));

    enum Color { RED, GREEN }

    record Inner(Bytes data, BigInteger big, Color color) {}

    record Outer(String name, byte[] raw, List<Inner> inners, Map<String, Object> extra, @Nullable String note) {}

    record ShapeA(String name, int count) {}

    record ShapeB(String name, int count, @Nullable String note) {}

    record ShapeC(String name) {}

    record ShapeD(String name, long count) {}

    record ShapeE(String name, int count, String extra) {}

    private final ManualFlowScheduler scheduler = new ManualFlowScheduler();

    private static DurableZone restore(DurableZone zone) {
        return Zones.restore(zone.checkpoint(), new ManualFlowScheduler());
    }

    private static ExoClass<Holder> holders(Zone z, StateShape shape) {
        return z.exoClass("Holder", HOLDER_I, Holder.class, shape, ctx -> () -> ctx.state().get("value"));
    }

    @Test
    void incarnationIncreasesOnEveryRestore() {
        DurableZone z0 = Zones.durable(scheduler);
        assertThat(z0.incarnation()).isZero();
        DurableZone z1 = restore(z0);
        z1.resume();
        DurableZone z2 = restore(z1);
        assertThat(z1.incarnation()).isEqualTo(1);
        assertThat(z2.incarnation()).isEqualTo(2);
    }

    @Test
    void storableValuesRoundTripThroughACheckpoint() {
        DurableZone z = Zones.durable(scheduler);
        MapStore<Object, Object> m = z.mapStore("m");
        Outer outer = new Outer("o", new byte[] {1, 2}, List.of(new Inner(Bytes.copyOf(new byte[] {9}),
                new BigInteger("123456789012345678901234567890"), Color.GREEN)),
                new LinkedHashMap<>(Map.of("k", 1.5)), null);
        m.init("outer", outer);
        m.init(List.of(1, "k"), Set.of(true));
        m.init(new Inner(Bytes.empty(), BigInteger.ONE, Color.RED), "record key");
        m.init("error", new DisconnectedException(new DisconnectionReason.PartitionMoved(3)));
        m.init("plain error", new IllegalStateException("bad"));
        m.init("short", (short) 7);
        DurableZone z2 = restore(z);
        MapStore<Object, Object> m2 = z2.mapStore("m");
        Outer back = (Outer) m2.get("outer");
        assertThat(back.name()).isEqualTo("o");
        assertThat(back.raw()).containsExactly(1, 2);
        assertThat(back.inners()).isEqualTo(outer.inners());
        assertThat(back.extra()).isEqualTo(Map.of("k", 1.5));
        assertThat(back.note()).isNull();
        assertThat(m2.get(List.of(1, "k"))).isEqualTo(Set.of(true));
        assertThat(m2.get(new Inner(Bytes.empty(), BigInteger.ONE, Color.RED))).isEqualTo("record key");
        assertThat(DisconnectedException.reasonOf((Throwable) m2.get("error")))
                .isEqualTo(new DisconnectionReason.PartitionMoved(3));
        assertThat((Throwable) m2.get("plain error")).isInstanceOf(IllegalStateException.class).hasMessage("bad");
        assertThat(m2.get("short")).isEqualTo(7);
    }

    @Test
    void nonStorableValuesAreRefusedWithWhereAndWhat() {
        DurableZone z = Zones.durable(scheduler);
        ExoClass<Holder> h = holders(z, StateShape.empty().optionalField("value", M.any()));
        Runnable lambda = () -> { };
        assertThatThrownBy(() -> h.make(Map.of("value", lambda)))
                .isInstanceOf(NotStorableException.class)
                .hasMessageStartingWith("state field 'value' of kind 'Holder': a lambda (")
                .hasMessageEndingWith("is not storable in a durable zone");
        assertThatThrownBy(() -> h.make(Map.of("value", List.of(1, new CompletableFuture<>()))))
                .hasMessageStartingWith("state field 'value' of kind 'Holder'[1]: a java.util.concurrent.CompletableFuture")
                .hasMessageContaining("store a vow instead");
        assertThatThrownBy(() -> h.make(Map.of("value", new ShapeHolder(new Object()))))
                .hasMessageContaining("component 'o' of record ShapeHolder: a java.lang.Object is not storable");
        Zone heap = Zones.heap(scheduler);
        Holder heapObject = holders(heap, StateShape.empty().optionalField("value", M.any())).make(Map.of());
        assertThatThrownBy(() -> z.mapStore("m").init("x", heapObject))
                .hasMessageContaining("was made by a heap zone and cannot be stored in durable zone tree");
        Holder ok = h.make(Map.of("value", "fine"));
        assertThat(z.isStorable(ok)).isTrue();
        assertThat(z.isStorable(heapObject)).isFalse();
        assertThat(heap.isStorable(new CompletableFuture<>())).isTrue();
        assertThat(heap.isStorable(lambda)).isFalse();
        assertThat(heap.isStorable(ok)).isTrue();
        assertThatThrownBy(() -> heap.requireStorable(new Object(), "argument 0"))
                .hasMessage("argument 0: a java.lang.Object is not storable");
    }

    record ShapeHolder(Object o) {}

    @Test
    void stateShapeMayGainOptionalFieldsOnly() {
        DurableZone z = Zones.durable(scheduler);
        StateShape v1 = StateShape.empty().field("count", M.nat());
        z.mapStore("keep").init("h", holders(z, v1).make(Map.of("count", 5)));
        byte[] bytes = z.checkpoint();

        DurableZone ok = Zones.restore(bytes, new ManualFlowScheduler());
        ExoClass<Holder> v2 = ok.exoClass("Holder", HOLDER_I, Holder.class,
                v1.optionalField("value", M.string()), ctx -> () -> ctx.state().get("value"));
        Holder old = (Holder) ok.mapStore("keep").get("h");
        assertThat(old.held()).isNull();
        assertThat(v2.make(Map.of("count", 1, "value", "v")).held()).isEqualTo("v");

        assertThatThrownBy(() -> holders(Zones.restore(bytes, new ManualFlowScheduler()), StateShape.empty()))
                .hasMessage("stateShape mismatch for kind 'root:Holder': state field 'count' was removed");
        assertThatThrownBy(() -> holders(Zones.restore(bytes, new ManualFlowScheduler()),
                StateShape.empty().field("count", M.string())))
                .hasMessage("stateShape mismatch for kind 'root:Holder': state field 'count' changed from nat to string");
        assertThatThrownBy(() -> holders(Zones.restore(bytes, new ManualFlowScheduler()),
                v1.field("value", M.string())))
                .hasMessage("stateShape mismatch for kind 'root:Holder': new state field 'value' must be optional, "
                        + "since existing objects have no value for it");
        assertThatThrownBy(() -> Zones.restore(bytes, new ManualFlowScheduler()).exo("Holder", HOLDER_I,
                Holder.class, () -> null))
                .hasMessage("kind 'root:Holder' was defined as class and cannot be defined again as exo");
    }

    @Test
    void recordsMayGainNullableComponentsOnly() {
        DurableZone z = Zones.durable(scheduler);
        z.mapStore("m").init("r", new ShapeA("n", 3));
        byte[] bytes = z.checkpoint();
        assertThat(readAs(bytes, "ShapeB")).isEqualTo(new ShapeB("n", 3, null));
        assertThatThrownBy(() -> readAs(bytes, "ShapeC"))
                .hasMessageContaining("ShapeC: stored component 'count' was removed or renamed");
        assertThatThrownBy(() -> readAs(bytes, "ShapeD"))
                .hasMessageContaining("ShapeD: stored component 'count' holds Integer, which does not fit its type long");
        assertThatThrownBy(() -> readAs(bytes, "ShapeE"))
                .hasMessageContaining("ShapeE: new component 'extra' has no stored value and is not @Nullable");
    }

    /** Reads record "r" from a checkpoint in which class ShapeA is renamed to {@code shape} (same length). */
    private static Object readAs(byte[] checkpoint, String shape) {
        byte[] patched = replace(checkpoint, "$ShapeA", "$" + shape);
        return Zones.restore(patched, new ManualFlowScheduler()).mapStore("m").get("r");
    }

    private static byte[] replace(byte[] data, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        byte[] out = data.clone();
        for (int i = 0; i + f.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
            }
        }
        return out;
    }

    @Test
    void kindsNotDefinedAgainAreReported() {
        DurableZone z = Zones.durable(scheduler);
        z.mapStore("keep").init("h", holders(z, StateShape.empty()).make(Map.of()));
        DurableZone next = restore(z);
        MapStore<String, Object> keep = next.mapStore("keep");
        assertThatThrownBy(next::resume)
                .hasMessage("kinds with stored objects were not defined again in incarnation 1: 'root:Holder' (1 objects)");
        assertThatThrownBy(() -> keep.get("h"))
                .hasMessage("object #1 of kind 'root:Holder' cannot be used: the kind was not defined again in incarnation 1");
        holders(next, StateShape.empty());
        next.checkRedefined();
        next.resume();
        assertThat(keep.get("h")).isInstanceOf(Holder.class);
    }

    @Test
    void makeOnceKeepsTheFirstValueAcrossIncarnations() {
        DurableZone z = Zones.durable(scheduler);
        assertThat(z.makeOnce("config", () -> Map.of("x", 1))).isEqualTo(Map.of("x", 1));
        assertThatThrownBy(() -> z.makeOnce("bad", Object::new))
                .isInstanceOf(NotStorableException.class)
                .hasMessageStartingWith("maker return value is not storable: makeOnce value for key 'bad'");
        DurableZone z2 = restore(z);
        assertThat(z2.<Object>makeOnce("config", () -> {
            throw new AssertionError("maker must not run again");
        })).isEqualTo(Map.of("x", 1));
        assertThat(z2.makeOnce("bad", () -> "now fine")).isEqualTo("now fine");
    }

    @Test
    void corruptCheckpointsAreRefused() {
        assertThatThrownBy(() -> Zones.restore(new byte[] {1, 2, 3, 4, 5, 6}, scheduler))
                .hasMessage("not a vowstream zone checkpoint (bad magic)");
        byte[] good = Zones.durable(scheduler).checkpoint();
        byte[] future = good.clone();
        future[4] = 9;
        assertThatThrownBy(() -> Zones.restore(future, scheduler))
                .hasMessage("zone checkpoint format version 9 is not supported (this engine reads version 1)");
        assertThatThrownBy(() -> Zones.restore(Arrays.copyOf(good, good.length - 3), scheduler))
                .hasMessageStartingWith("zone checkpoint is truncated or corrupt");
    }

    @Test
    void onlyTheRootCheckpointsAndHeapZonesCannot() {
        DurableZone z = Zones.durable(scheduler);
        DurableZone sub = (DurableZone) z.subZone("s");
        assertThatThrownBy(sub::checkpoint)
                .hasMessage("checkpoint() is an operation of the root zone; 'root/s' is a sub-zone");
        DurableZone heap = (DurableZone) Zones.heap(scheduler);
        assertThatThrownBy(heap::checkpoint).hasMessage("a heap zone cannot be checkpointed");
        assertThat(heap.isDurable()).isFalse();
    }

    /** One scenario run twice gives byte-identical checkpoints: nothing depends on hashing or the wall clock. */
    @Test
    void checkpointsAreDeterministic() {
        assertThat(scenarioCheckpoint()).isEqualTo(scenarioCheckpoint());
    }

    private static byte[] scenarioCheckpoint() {
        ManualFlowScheduler s = new ManualFlowScheduler();
        DurableZone z = Zones.durable(s);
        ExoClass<Holder> h = holders(z, StateShape.empty().optionalField("value", M.any()));
        MapStore<Object, Object> m = z.mapStore("m");
        for (int i = 0; i < 20; i++) {
            m.init("k" + i, h.make(Map.of("value", List.of(i, "v" + i))));
        }
        z.subZone("a").setStore("s").add(new Inner(Bytes.empty(), BigInteger.TWO, Color.RED));
        return z.checkpoint();
    }
}
