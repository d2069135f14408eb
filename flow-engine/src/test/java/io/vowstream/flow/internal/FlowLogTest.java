package io.vowstream.flow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.async.AsyncFlow;
import io.vowstream.flow.async.AsyncFlowTools;
import io.vowstream.flow.async.FlowError;
import io.vowstream.flow.async.HostFlow;
import io.vowstream.flow.async.LogEntry;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowTools;
import io.vowstream.flow.zone.DurableZone;
import io.vowstream.flow.zone.NotStorableException;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zones;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The binary log format, generation markers and the equate rules. */
class FlowLogTest {
    /** A host interface for log tests. */
    public interface Echo {
        Object echo(Object v);
    }

    record Point(int x, String label) {}

    enum Color { RED, GREEN }

    private static ZoneRuntime durable() {
        return ZoneRuntime.durable(new io.vowstream.flow.testing.ManualFlowScheduler());
    }

    @Test
    void entriesRoundTripThroughTheBinaryForm() {
        ZoneRuntime rt = durable();
        VowTools vows = VowTools.prepare(rt.root().subZone("vows"));
        Echo echo = rt.root().exo("echo", M.interfaceGuard("Echo").method("echo", M.call(M.any())), Echo.class,
                v -> v);
        VowKit<Object> kit = vows.makeVowKit();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", 7);
        json.put("tags", List.of("a", "b"));
        json.put("nested", Map.of("ok", true));
        List<LogEntry> entries = List.of(
                new LogEntry.StartGeneration(3),
                new LogEntry.CheckCall(echo, "echo", Arrays.asList(null, 1, -5L, 2.5, BigInteger.TWO.pow(80), "s",
                        Bytes.copyOf(new byte[] {1, 2}), json, Set.of("x"), new Point(1, "p"), Color.GREEN,
                        kit.vow(), echo), 1),
                new LogEntry.DoReturn(1, kit.vow()),
                new LogEntry.DoThrow(3, new IllegalStateException("boom")),
                new LogEntry.DoFulfill(kit.vow(), "x"),
                new LogEntry.DoReject(kit.vow(), new FlowError("custom.Error", "m")));
        LogCodec.Buffer b = new LogCodec.Buffer();
        for (LogEntry e : entries) {
            LogCodec.write(b, e, rt);
        }
        List<LogEntry> back = LogCodec.readAll(b.toByteArray(), rt);
        assertThat(back).hasSize(entries.size());
        assertThat(back.subList(0, 3)).isEqualTo(entries.subList(0, 3));
        assertThat(back.get(3)).isInstanceOfSatisfying(LogEntry.DoThrow.class, t -> {
            assertThat(t.callIndex()).isEqualTo(3);
            assertThat(t.error()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        });
        assertThat(back.get(4)).isEqualTo(entries.get(4));
        assertThat(back.get(5)).isInstanceOfSatisfying(LogEntry.DoReject.class,
                r -> assertThat(FlowError.nameOf(r.reason())).isEqualTo("custom.Error"));
    }

    @Property(tries = 200)
    void plainValuesRoundTrip(@ForAll("values") Object value) {
        ZoneRuntime rt = durable();
        byte[] bytes = LogCodec.encode(new LogEntry.DoReturn(42, value), rt);
        assertThat(LogCodec.readAll(bytes, rt)).containsExactly(new LogEntry.DoReturn(42, value));
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l), Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b));
        return Arbitraries.oneOf(leaf, leaf.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), leaf).ofMaxSize(3).map(m -> (Object) m));
    }

    @Test
    void aStepCostsFarLessThan64BytesBesidesItsPayload() {
        ZoneRuntime rt = durable();
        Echo echo = rt.root().exo("echo", M.interfaceGuard("Echo").method("echo", M.call(M.any())), Echo.class,
                v -> v);
        // A step = checkCall + doReturn; payload = the argument and the result (a long each: 2 bytes).
        int call = LogCodec.encode(new LogEntry.CheckCall(echo, "echo", List.of(12345L), 9_998), rt).length;
        int ret = LogCodec.encode(new LogEntry.DoReturn(9_998, 12346L), rt).length;
        int payload = 2 * 4;
        // kind 1 + index 2 + target ref 3 + method 5 + arg count 1, then kind 1 + index 2
        assertThat(call + ret - payload).isLessThanOrEqualTo(64).isEqualTo(15);
    }

    @Test
    void badBytesAndUnstorableValuesAreRefusedClearly() {
        ZoneRuntime rt = durable();
        assertThatThrownBy(() -> LogCodec.readAll(new byte[] {9}, rt)).hasMessage("flow log has unknown entry kind 9 at byte 0");
        assertThatThrownBy(() -> LogCodec.readAll(new byte[] {2, 1}, rt)).hasMessage("flow log is truncated at byte 2");
        assertThatThrownBy(() -> LogCodec.encode(new LogEntry.DoReturn(1, new Object()), rt))
                .isInstanceOf(NotStorableException.class).hasMessageContaining("is not storable");
        LogCodec.Buffer b = new LogCodec.Buffer();
        LogCodec.write(b, new LogEntry.DoReturn(1, 1), rt);
        int before = b.size;
        assertThatThrownBy(() -> LogCodec.write(b, new LogEntry.DoReturn(2, List.of(1, new Object())), rt));
        assertThat(b.size).as("a failed append leaves the buffer as it was").isEqualTo(before);
    }

    @Test
    void eachIncarnationThatAppendsStartsWithAGenerationMarkerHiddenFromDumps() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        record Defs(VowTools vows, AsyncFlowTools flows, HostFlow f, io.vowstream.flow.zone.MapStore<String, Object> keep) {}
        java.util.function.Function<io.vowstream.flow.zone.Zone, Defs> define = root -> {
            VowTools vows = VowTools.prepare(root.subZone("vows"));
            AsyncFlowTools flows = AsyncFlowTools.prepare(root.subZone("flows"), vows);
            HostFlow f = flows.asyncFlow(root, "gen", (ctx, args) -> {
                for (Object o : args) {
                    @SuppressWarnings("unchecked") Vow<Object> v = (Vow<Object>) o;
                    ctx.await(v);
                }
                return "all";
            });
            return new Defs(vows, flows, f, root.mapStore("keep"));
        };
        Defs d1 = define.apply(life.root());
        List<VowKit<Object>> kits = List.of(d1.vows().makeVowKit(), d1.vows().makeVowKit(), d1.vows().makeVowKit());
        Vow<Object> outcome = d1.f().call(kits.get(0).vow(), kits.get(1).vow(), kits.get(2).vow());
        life.scheduler().runUntilIdle();
        FlowActivation flow = (FlowActivation) d1.flows().admin().getFlowForOutcomeVow(outcome);
        assertThat(flow.log().size()).as("nothing logged yet, so no marker").isZero();
        kits.get(0).resolver().resolve("a");
        life.scheduler().runUntilIdle();
        d1.keep().init("flow", flow);
        d1.keep().init("k2", kits.get(1).resolver());
        d1.keep().init("k3", kits.get(2).resolver());

        Defs d2 = life.restart(define, d1);
        d2.flows().admin().wakeAll();
        life.scheduler().runUntilIdle();
        FlowActivation flow2 = (FlowActivation) d2.keep().get("flow");
        @SuppressWarnings("unchecked") io.vowstream.flow.vow.VowResolver<Object> r2 =
                (io.vowstream.flow.vow.VowResolver<Object>) d2.keep().get("k2");
        assertThat(flow2.log().size()).as("replay alone appends nothing").isEqualTo(2);
        r2.resolve("b");
        life.scheduler().runUntilIdle();
        assertThat(entries(flow2)).containsExactly(new LogEntry.StartGeneration(0),
                new LogEntry.DoFulfill(((LogEntry.DoFulfill) flow2.dump().get(0)).vow(), "a"),
                new LogEntry.StartGeneration(1),
                new LogEntry.DoFulfill(((LogEntry.DoFulfill) flow2.dump().get(1)).vow(), "b"));
        assertThat(flow2.dump()).hasSize(2);

        Defs d3 = life.restart(define, d2);
        d3.flows().admin().wakeAll();
        life.scheduler().runUntilIdle();
        FlowActivation flow3 = (FlowActivation) d3.keep().get("flow");
        assertThat(flow3.log().size()).isEqualTo(4);
        @SuppressWarnings("unchecked") io.vowstream.flow.vow.VowResolver<Object> r3 =
                (io.vowstream.flow.vow.VowResolver<Object>) d3.keep().get("k3");
        r3.resolve("c");
        java.util.concurrent.CompletableFuture<Object> done = d3.vows().when(flow3.getOutcome());
        life.scheduler().runUntilIdle();
        assertThat(done).isCompletedWithValue("all");
        assertThat(flow3.dump()).as("a done flow's log is deleted").isEmpty();
    }

    private static List<LogEntry> entries(FlowActivation a) {
        return a.log().allEntries();
    }

    @Test
    void equateComparesStructurallyAndErrorsByNameOnly() {
        assertThat(FlowValues.unequal(8, 8, "")).isNull();
        assertThat(FlowValues.unequal(8, 9, "")).isEqualTo("unequal 8 vs 9");
        assertThat(FlowValues.unequal(8, 8L, "")).isEqualTo("unequal 8 vs 8L");
        assertThat(FlowValues.unequal(List.of(1, 2), List.of(1, 3), "")).isEqualTo("[1]: unequal 2 vs 3");
        assertThat(FlowValues.unequal(List.of(1), List.of(1, 3), "")).isEqualTo("list length: unequal 1 vs 2");
        assertThat(FlowValues.unequal(new IllegalStateException("a"), new IllegalStateException("b"), "")).isNull();
        assertThat(FlowValues.unequal(new IllegalStateException("a"), new IllegalArgumentException("a"), ""))
                .isEqualTo("error name: unequal \"java.lang.IllegalStateException\" vs "
                        + "\"java.lang.IllegalArgumentException\"");
        assertThat(FlowValues.unequal(new FlowError("java.lang.IllegalStateException", "x"),
                new IllegalStateException("y"), "")).isNull();
        assertThat(FlowValues.unequal(Map.of("a", 1), Map.of("a", 2), "")).isEqualTo("[a]: unequal 1 vs 2");
        assertThat(FlowValues.unequal(new Point(1, "a"), new Point(1, "b"), "")).isEqualTo("Point: [1]: unequal \"a\" vs \"b\"");
        assertThat(FlowValues.unequal(null, "x", "args: ")).isEqualTo("args: unequal null vs \"x\"");
        assertThat(FlowValues.unequal("x", new IllegalStateException("x"), "")).startsWith("unequal \"x\" vs");
    }

    @Test
    void aCheckpointKeepsTheLogAsBytesInTheActivationState() {
        io.vowstream.flow.testing.ManualFlowScheduler s = new io.vowstream.flow.testing.ManualFlowScheduler();
        DurableZone root = Zones.durable(s);
        VowTools vows = VowTools.prepare(root.subZone("vows"));
        AsyncFlowTools flows = AsyncFlowTools.prepare(root.subZone("flows"), vows);
        Echo echo = root.exoClass("Echo", M.interfaceGuard("Echo").method("echo", M.call(M.any())), Echo.class,
                StateShape.empty(), ctx -> v -> v).make(Map.of());
        HostFlow f = flows.asyncFlow(root, "echo", (ctx, args) -> {
            Echo e = (Echo) args.get(0);
            e.echo("hi");
            @SuppressWarnings("unchecked") Vow<Object> v = (Vow<Object>) args.get(1);
            return ctx.await(v);
        });
        Vow<Object> outcome = f.call(echo, vows.makeVowKit().vow());
        s.runUntilIdle();
        FlowActivation a = (FlowActivation) flows.admin().getFlowForOutcomeVow(outcome);
        root.checkpoint();
        Object stored = ((ZoneImpl) (Object) root).runtime().record(a.id).state.get("log");
        assertThat(stored).isInstanceOf(Bytes.class);
        assertThat(((Bytes) stored).size()).isEqualTo(AsyncFlowEngine.logBytesOf(a)).isPositive();
    }
}
