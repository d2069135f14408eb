package io.vowstream.flow.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowResolver;
import io.vowstream.flow.zone.ExoKitClass;
import io.vowstream.flow.zone.Kit;
import io.vowstream.flow.zone.KitSpec;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zone;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code M.asyncFlow} kit methods: state access from flows across restarts, and definition misuse. */
class AsyncFlowKitTest {
    /** A counter whose {@code addLater} is an async flow. */
    public interface Counter {
        long value();

        Vow<Long> addLater(Vow<Long> amount);
    }

    public interface Viewer {
        long doubled();
    }

    static final InterfaceGuard COUNTER = M.interfaceGuard("Counter")
            .method("value", M.call())
            .method("addLater", M.asyncFlow(M.vow()));
    static final InterfaceGuard VIEWER = M.interfaceGuard("Viewer").method("doubled", M.call());

    static KitSpec facets() {
        return KitSpec.empty()
                .facet("counter", COUNTER, Counter.class, ctx -> new Counter() {
                    @Override
                    public long value() {
                        return ctx.state().get("count", Long.class);
                    }

                    @Override
                    public Vow<Long> addLater(Vow<Long> amount) {
                        throw new AssertionError("runs as an async flow, never directly");
                    }
                })
                .facet("viewer", VIEWER, Viewer.class, ctx -> () -> 2 * ctx.state().get("count", Long.class));
    }

    static KitFlows flows() {
        return KitFlows.empty().flow("counter", "addLater", (ctx, state, args) -> {
            @SuppressWarnings("unchecked") Vow<Long> amount = (Vow<Long>) args.get(0);
            long add = ctx.await(amount);
            long now = (Long) state.get("count") + add;
            state.set("count", now);
            return now;
        });
    }

    static ExoKitClass define(FlowWorld w) {
        return w.flows.zone(w.root).exoClassKit("Counter", StateShape.empty().field("count", M.nat()), facets(),
                flows());
    }

    @Test
    void aFlowMethodReadsAndWritesKitStateAndTheStateSurvivesRestarts() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        Kit kit = define(w1).make(Map.of("count", 10L));
        Counter counter = kit.facet("counter", Counter.class);
        VowKit<Long> amount = w1.vows.makeVowKit();
        Vow<Long> outcome = counter.addLater(amount.vow());
        life.scheduler().runUntilIdle();
        assertThat(w1.flows.admin().getFlowForOutcomeVow(outcome).tag()).isEqualTo("Counter.counter.addLater");
        assertThat(kit.facetNames()).containsExactly("counter", "viewer");
        assertThatThrownBy(() -> kit.facet("_state", StateAccessor.class)).hasMessageContaining("is internal");
        w1.keep.init("kit", kit);
        w1.keep.init("outcome", outcome);
        w1.keep.init("amount", amount.resolver());

        FlowWorld w2 = FlowWorld.restart(life, w1, 1, AsyncFlowKitTest::define);
        w2.<VowResolver<Long>>get("amount").resolve(5L);
        CompletableFuture<Object> r = w2.vows.when(w2.get("outcome"));
        life.scheduler().runUntilIdle();
        assertThat(r).isCompletedWithValue(15L);
        Kit kit2 = w2.get("kit");
        assertThat(kit2.facet("counter", Counter.class).value()).isEqualTo(15L);

        FlowWorld w3 = FlowWorld.restart(life, w2, 1, AsyncFlowKitTest::define);
        Kit kit3 = w3.get("kit");
        assertThat(kit3.facet("viewer", Viewer.class).doubled()).isEqualTo(30L);
        // A second flow on the restored kit: reads the current state.
        VowKit<Long> more = w3.vows.makeVowKit();
        Vow<Long> second = kit3.facet("counter", Counter.class).addLater(more.vow());
        more.resolver().resolve(1L);
        CompletableFuture<Object> r2 = w3.vows.when(second);
        life.scheduler().runUntilIdle();
        assertThat(r2).isCompletedWithValue(16L);
        assertThat(w3.panics).isEmpty();
    }

    @Test
    void aStateReadIsAnsweredFromTheLogOnReplay() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        ExoKitClass kind = w1.flows.zone(w1.root).exoClassKit("Counter", StateShape.empty().field("count", M.nat()),
                facets(), KitFlows.empty().flow("counter", "addLater", (ctx, state, args) -> {
                    long before = (Long) state.get("count");
                    @SuppressWarnings("unchecked") Vow<Long> amount = (Vow<Long>) args.get(0);
                    return before + ctx.await(amount);
                }));
        Kit kit = kind.make(Map.of("count", 1L));
        VowKit<Long> amount = w1.vows.makeVowKit();
        Vow<Long> outcome = kit.facet("counter", Counter.class).addLater(amount.vow());
        life.scheduler().runUntilIdle();
        io.vowstream.flow.zone.ZoneAccessBridge.setCount(kit, 100L);
        w1.keep.init("outcome", outcome);
        w1.keep.init("amount", amount.resolver());
        FlowWorld w2 = FlowWorld.restart(life, w1, 1, w -> w.flows.zone(w.root).exoClassKit("Counter",
                StateShape.empty().field("count", M.nat()), facets(),
                KitFlows.empty().flow("counter", "addLater", (ctx, state, args) -> {
                    long before = (Long) state.get("count");
                    @SuppressWarnings("unchecked") Vow<Long> a = (Vow<Long>) args.get(0);
                    return before + ctx.await(a);
                })));
        w2.<VowResolver<Long>>get("amount").resolve(2L);
        CompletableFuture<Object> r = w2.vows.when(w2.get("outcome"));
        life.scheduler().runUntilIdle();
        assertThat(r).as("the replayed read answers the logged 1, not the current 100").isCompletedWithValue(3L);
    }

    @Test
    void misuseFailsTheDefinitionWithClearErrors() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w = FlowWorld.first(life, 1);
        Zone root = w.root;
        Counter plain = new Counter() {
            @Override
            public long value() {
                return 0;
            }

            @Override
            public Vow<Long> addLater(Vow<Long> amount) {
                return amount;
            }
        };
        assertThatThrownBy(() -> root.exo("single", COUNTER, Counter.class, plain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exo 'single': method 'addLater' is marked M.asyncFlow, which is only allowed on a kit "
                        + "facet (exoClassKit), not on a single-facet exo");
        assertThatThrownBy(() -> root.exoClass("singleClass", COUNTER, Counter.class, StateShape.empty(), ctx -> null))
                .hasMessageContaining("not on a single-facet exo");
        assertThatThrownBy(() -> root.exoClassKit("plainKit", StateShape.empty(), facets()))
                .hasMessage("exo 'plainKit.counter': method 'addLater' is marked M.asyncFlow, which needs an "
                        + "async-flow zone (AsyncFlowTools.zone(zone).exoClassKit with a flow body)");
        assertThatThrownBy(() -> KitSpec.empty().facet("_state", VIEWER, Viewer.class, ctx -> () -> 0))
                .hasMessage("facet name '_state' is reserved for internal use (prefix '_')");
        AsyncFlowZone az = w.flows.zone(root);
        assertThatThrownBy(() -> az.exoClassKit("noBody", StateShape.empty().field("count", M.nat()), facets(),
                KitFlows.empty()))
                .hasMessage("kit 'noBody': method 'counter.addLater' is marked M.asyncFlow but KitFlows has no body "
                        + "for it");
        assertThatThrownBy(() -> az.exoClassKit("extraBody", StateShape.empty().field("count", M.nat()), facets(),
                flows().flow("viewer", "doubled", (ctx, s, a) -> null)))
                .hasMessageContaining("KitFlows has a body for 'viewer.doubled', which is not a method marked");
        assertThatThrownBy(() -> flows().flow("counter", "addLater", (ctx, s, a) -> null))
                .hasMessage("flow body for 'counter.addLater' is given twice");
    }

    @Test
    void flowsCanBeDefinedStraightOnTheZone() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w = FlowWorld.first(life, 1);
        AsyncFlowZone az = w.flows.zone(w.root.subZone("direct"));
        HostFlow f = az.asyncFlow("direct", (ctx, args) -> "direct " + args.get(0));
        CompletableFuture<Object> r = w.vows.when(f.call("call"));
        life.scheduler().runUntilIdle();
        assertThat(r).isCompletedWithValue("direct call");
        assertThat(az.zone().name()).isEqualTo("root/direct");
        assertThat(f.tag()).isEqualTo("direct");
    }
}
