package io.vowstream.flow.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.async.FlowWorld.Step;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bijection rules, error crossing, the zombie membrane and the settlement log rules. */
class MembraneTest {
    private final List<Object> leaked = new ArrayList<>();

    @Test
    void hostObjectsAndVowsBecomeOneStandInEachAndGoBackAsThemselves() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w = FlowWorld.first(life, 1);
        List<Object> seen = new ArrayList<>();
        HostFlow f = w.flows.asyncFlow(w.root, "bijection", (ctx, args) -> {
            Step a = (Step) args.get(0);
            Step alsoA = (Step) args.get(1);
            Step b = (Step) args.get(2);
            FlowWorld.Orchestra o = (FlowWorld.Orchestra) args.get(3);
            seen.add(a == alsoA);
            seen.add(a == b);
            seen.add(a instanceof Step);
            seen.add(o.vow() == o.vow());
            a.report(List.of(a, b, o.vow(), Map.of("k", a)));
            return null;
        });
        Step a = w.step("a");
        Step b = w.step("b");
        VowKit<Object> kit = w.vows.makeVowKit();
        FlowWorld.Orchestra o = w.orchestra(7, kit);
        f.call(a, a, b, o);
        life.scheduler().runUntilIdle();
        assertThat(seen).containsExactly(true, false, true, true);
        assertThat(w.hostCalls).containsExactly("a.report [" + a + ", " + b + ", " + kit.vow() + ", {k=" + a + "}]");
    }

    @Test
    void errorsCrossAsFreshErrorsKeepingNameAndMessage() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w = FlowWorld.first(life, 1);
        List<Throwable> caught = new ArrayList<>();
        HostFlow f = w.flows.asyncFlow(w.root, "errors", (ctx, args) -> {
            @SuppressWarnings("unchecked") Vow<Object> v = (Vow<Object>) args.get(0);
            for (int i = 0; i < 2; i++) {
                try {
                    ctx.await(v);
                } catch (RuntimeException e) {
                    caught.add(e);
                }
            }
            return null;
        });
        VowKit<Object> kit = w.vows.makeVowKit();
        f.call(kit.vow());
        UnsupportedOperationException original = new UnsupportedOperationException("nope");
        kit.resolver().reject(original);
        life.scheduler().runUntilIdle();
        assertThat(caught).hasSize(2);
        assertThat(caught.get(0)).isInstanceOf(UnsupportedOperationException.class).hasMessage("nope")
                .isNotSameAs(original);
        assertThat(caught.get(1)).isSameAs(caught.get(0));
        assertThat(FlowError.nameOf(new FlowError("custom.Name", "m"))).isEqualTo("custom.Name");
        assertThat(new FlowError("custom.Name", "m")).hasToString("custom.Name: m");
    }

    @Test
    void aStandInFromAPreviousRunIsAZombieAndSettlementsAreLoggedOnce() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w = FlowWorld.first(life, 1);
        HostFlow f = w.flows.asyncFlow(w.root, "zombie", (ctx, args) -> {
            Step a = (Step) args.get(0);
            leaked.add(a);
            @SuppressWarnings("unchecked") Vow<Object> v = (Vow<Object>) args.get(1);
            leaked.add(v);
            a.step(1);
            return ctx.await(v);
        });
        VowKit<Object> kit = w.vows.makeVowKit();
        Vow<Object> outcome = f.call(w.step("a"), kit.vow());
        life.scheduler().runUntilIdle();
        AsyncFlow flow = w.flows.admin().getFlowForOutcomeVow(outcome);
        flow.restart(true);
        life.scheduler().runUntilIdle();
        assertThat(flow.getFlowState()).isEqualTo(FlowState.RUNNING);
        assertThat(leaked).hasSize(4);
        Step zombie = (Step) leaked.get(0);
        assertThatThrownBy(() -> zombie.step(5)).hasMessageStartingWith("Called from a previous run");
        assertThat(w.hostCalls).containsExactly("a.step 1");
        assertThat(flow.getFlowState()).as("a zombie call is not a panic").isEqualTo(FlowState.RUNNING);

        kit.resolver().resolve("once");
        java.util.concurrent.CompletableFuture<Object> r = w.vows.when(outcome);
        life.scheduler().runUntilIdle();
        assertThat(r).isCompletedWithValue("once");
        assertThat(w.panics).isEmpty();
    }

    @Test
    void settlementsDuringAStoppedRunAreNotLoggedAndReplayedSettlementsAreNotLoggedAgain() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        GuestFunction guest = (ctx, args) -> {
            @SuppressWarnings("unchecked") Vow<Object> v1 = (Vow<Object>) args.get(0);
            @SuppressWarnings("unchecked") Vow<Object> v2 = (Vow<Object>) args.get(1);
            Step a = (Step) args.get(2);
            ctx.await(v1);
            a.step(1);
            return ctx.await(v2);
        };
        w1.flows.asyncFlow(w1.root, "settle", guest);
        VowKit<Object> k1 = w1.vows.makeVowKit();
        VowKit<Object> k2 = w1.vows.makeVowKit();
        Vow<Object> outcome = w1.flows.asyncFlow(w1.root.subZone("x"), "settle", guest).call(k1.vow(), k2.vow(),
                w1.step("a"));
        k1.resolver().resolve("one");
        life.scheduler().runUntilIdle();
        AsyncFlow flow = w1.flows.admin().getFlowForOutcomeVow(outcome);
        assertThat(flow.dump()).hasSize(3);
        w1.keep.init("outcome", outcome);
        w1.keep.init("k2", k2.resolver());

        // In the next life, v2 settles before the (lazy) replay has a chance to run: logged once, after.
        FlowWorld w2 = life.restart(root -> {
            FlowWorld w = new FlowWorld(root, 1, w1.panics, false);
            w.flows.asyncFlow(root, "settle", guest);
            w.flows.asyncFlow(root.subZone("x"), "settle", guest);
            return w;
        }, w1);
        w2.flows.admin().wakeAll();
        AsyncFlow flow2 = w2.flows.admin().getFlowForOutcomeVow(w2.get("outcome"));
        assertThat(flow2.getFlowState()).isEqualTo(FlowState.RUNNING).as("it was eager in life 1");
        w2.<io.vowstream.flow.vow.VowResolver<Object>>get("k2").resolve("two");
        java.util.concurrent.CompletableFuture<Object> r = w2.vows.when(w2.get("outcome"));
        life.scheduler().runUntilIdle();
        assertThat(r).isCompletedWithValue("two");
        assertThat(w2.hostCalls).isEmpty();
    }

    @Test
    void closingAnIncarnationUnwindsParkedGuestsAndLeavesTheirActivationsSleeping() throws Exception {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w = FlowWorld.first(life, 1);
        List<String> events = new ArrayList<>();
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        HostFlow f = w.flows.asyncFlow(w.root, "parked", (ctx, args) -> {
            try {
                @SuppressWarnings("unchecked") Vow<Object> v = (Vow<Object>) args.get(0);
                return ctx.await(v);
            } finally {
                events.add("unwound on " + (Thread.currentThread().isVirtual() ? "a virtual thread" : "?"));
                ended.countDown();
            }
        });
        Vow<Object> outcome = f.call(w.vows.makeVowKit().vow());
        life.scheduler().runUntilIdle();
        AsyncFlow flow = w.flows.admin().getFlowForOutcomeVow(outcome);
        assertThat(flow.getFlowState()).isEqualTo(FlowState.RUNNING);
        ((io.vowstream.flow.zone.DurableZone) w.root).close();
        assertThat(ended.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("unwound on a virtual thread");
        assertThat(flow.getFlowState()).isEqualTo(FlowState.SLEEPING);
        assertThat(w.panics).isEmpty();
    }

    /** A host that tells which kind of thread runs it. */
    public interface Where {
        String where();
    }

    private static List<String> runWhere(boolean onGuestThread) {
        io.vowstream.flow.testing.ManualFlowScheduler s = new io.vowstream.flow.testing.ManualFlowScheduler();
        io.vowstream.flow.zone.DurableZone root = io.vowstream.flow.zone.Zones.durable(s);
        io.vowstream.flow.vow.VowTools vows = io.vowstream.flow.vow.VowTools.prepare(root.subZone("vows"));
        AsyncFlowTools tools = AsyncFlowTools.prepare(root.subZone("flows"), vows,
                AsyncFlowOptions.defaults().withHostCallsOnGuestThread(onGuestThread));
        Where host = root.exo("where", io.vowstream.flow.guard.M.interfaceGuard("Where")
                .method("where", io.vowstream.flow.guard.M.call()), Where.class,
                () -> Thread.currentThread().isVirtual() ? "virtual" : "turn");
        List<String> out = new ArrayList<>();
        HostFlow f = tools.asyncFlow(root, "whereFlow", (ctx, args) -> {
            out.add(((Where) args.get(0)).where());
            return ((Where) args.get(0)).where();
        });
        java.util.concurrent.CompletableFuture<Object> r = vows.when(f.call(host));
        s.runUntilIdle();
        out.add(String.valueOf(r.join()));
        return out;
    }

    @Test
    void liveHostCallsRunOnTheTurnThreadUnlessConfiguredOtherwise() {
        assertThat(runWhere(false)).containsExactly("turn", "turn");
        assertThat(runWhere(true)).containsExactly("virtual", "virtual");
    }

    @Test
    void awaitingAVowThatDidNotComeThroughTheMembranePanics() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w = FlowWorld.first(life, 1);
        VowKit<Object> captured = w.vows.makeVowKit();
        HostFlow f = w.flows.asyncFlow(w.root, "captured", (ctx, args) -> ctx.await(captured.vow()));
        Vow<Object> outcome = f.call();
        life.scheduler().runUntilIdle();
        assertThat(w.flows.admin().getFlowForOutcomeVow(outcome).getOptFatalProblem())
                .hasMessageContaining("did not come through the membrane");
    }
}
