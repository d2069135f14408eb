package io.vowstream.flow.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.async.LogEntry.CheckCall;
import io.vowstream.flow.async.LogEntry.DoReturn;
import io.vowstream.flow.async.LogEntry.DoThrow;
import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.zone.ExoClass;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Early completion, the bad host, guest-made values sent to the host, and the missing definition. */
class PanicScenariosTest {
    private final List<String> seen = new ArrayList<>();

    private static GuestFunction awaitFirstArgument() {
        return (ctx, args) -> {
            @SuppressWarnings("unchecked") Vow<Object> g = (Vow<Object>) args.get(0);
            ctx.await(g);
            return "good";
        };
    }

    @Test
    void earlyFulfilmentAndEarlyRejectionPanicAndLeaveTheOutcomePending() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        HostFlow f = w1.flows.asyncFlow(w1.root, "early", (ctx, args) -> {
            FlowWorld.Step s = (FlowWorld.Step) args.get(0);
            s.step(1);
            @SuppressWarnings("unchecked") Vow<Object> g = (Vow<Object>) args.get(1);
            return ctx.await(g);
        });
        VowKit<Object> kit = w1.vows.makeVowKit();
        Vow<Object> outcome = f.call(w1.step("a"), kit.vow());
        life.scheduler().runUntilIdle();
        w1.keep.init("outcome", outcome);
        w1.keep.init("resolver", kit.resolver());

        FlowWorld w2 = FlowWorld.restart(life, w1, 1,
                w -> w.flows.asyncFlow(w.root, "early", (ctx, args) -> "bad"));
        assertThat(w2.panics).hasSize(1);
        assertThat(w2.panics.get(0).problem())
                .hasMessage("guest fulfilled with \"bad\" before finishing replay (replay 0 of 2)");
        AsyncFlow flow = w2.flows.admin().getFlowForOutcomeVow(w2.get("outcome"));
        assertThat(w2.flows.admin().getFailures()).containsOnlyKeys(flow);
        CompletableFuture<Object> result = w2.vows.when(w2.get("outcome"));
        life.scheduler().runUntilIdle();
        assertThat(result).isNotDone();

        FlowWorld w3 = FlowWorld.restart(life, w2, 1, w -> w.flows.asyncFlow(w.root, "early", (ctx, args) -> {
            throw new IllegalStateException("replayProblem");
        }));
        assertThat(w3.panics).hasSize(2);
        assertThat(w3.panics.get(1).problem().getMessage())
                .startsWith("guest rejected with java.lang.IllegalStateException(replayProblem) before finishing replay");
        assertThat(w3.flows.admin().getFlowForOutcomeVow(w3.get("outcome")).dump()).hasSize(2);

        // A repaired definition replays, catches up and finishes with the live value.
        FlowWorld w4 = FlowWorld.restart(life, w3, 1, w -> w.flows.asyncFlow(w.root, "early", (ctx, args) -> {
            FlowWorld.Step s = (FlowWorld.Step) args.get(0);
            s.step(1);
            @SuppressWarnings("unchecked") Vow<Object> g = (Vow<Object>) args.get(1);
            return "repaired " + ctx.await(g);
        }));
        assertThat(w4.panics).hasSize(2);
        assertThat(w4.flows.admin().getFailures()).isEmpty();
        w4.<io.vowstream.flow.vow.VowResolver<Object>>get("resolver").resolve("late");
        CompletableFuture<Object> done = w4.vows.when(w4.get("outcome"));
        life.scheduler().runUntilIdle();
        assertThat(done).isCompletedWithValue("repaired late");
        assertThat(w4.hostCalls).as("the replayed step was answered from the log").isEmpty();
    }

    /** The bad host of agoric's bad-host.test: its answer is a mutable variable of the test. */
    interface BadHost {
        @Nullable Object badMethod(@Nullable Object arg);
    }

    private @Nullable Object badAnswer;

    private ExoClass<BadHost> defineBadHost(Zone root) {
        InterfaceGuard g = M.interfaceGuard("BadHost").method("badMethod", M.call(M.any()));
        return root.exoClass("BadHost", g, BadHost.class, StateShape.empty(), ctx -> arg -> badAnswer);
    }

    @Test
    void aGuestPromiseSentToTheHostPanicsButAHostThatThrowsOrAnswersBadlyDoesNot() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        ExoClass<BadHost> badHosts = defineBadHost(w1.root);
        HostFlow f = w1.flows.asyncFlow(w1.root, "badHost", (ctx, args) -> {
            BadHost h = (BadHost) args.get(0);
            seen.add("first " + h.badMethod(null));
            try {
                h.badMethod(Vow.of(() -> CompletableFuture.completedFuture(null)));
            } catch (IllegalStateException e) {
                seen.add(e.getMessage());
            }
            return "bogus";
        });
        BadHost host = badHosts.make(Map.of());
        Vow<Object> outcome = f.call(host);
        life.scheduler().runUntilIdle();
        AsyncFlow flow = w1.flows.admin().getFlowForOutcomeVow(outcome);
        assertThat(seen).containsExactly("first null",
                "In a Failed state: see getFailures() or getOptFatalProblem() for more information");
        assertThat(flow.getFlowState()).isEqualTo(FlowState.FAILED);
        assertThat(flow.getOptFatalProblem().getMessage())
                .startsWith("calling badMethod: argument 0: cannot yet send guest promises");
        assertThat(w1.panics).extracting(p -> p.problem().getMessage())
                .containsExactly(flow.getOptFatalProblem().getMessage());
        assertThat(flow.dump()).containsExactly(new CheckCall(host, "badMethod", java.util.Arrays.asList((Object) null), 0),
                new DoReturn(0, null));
        CompletableFuture<Object> result = w1.vows.when(outcome);
        life.scheduler().runUntilIdle();
        assertThat(result).as("a failed flow's outcome stays pending").isNotDone();
        w1.keep.init("outcome", outcome);

        // Next life: the failed flow restarts; the host now answers with something that cannot cross.
        seen.clear();
        badAnswer = (Runnable) () -> { };
        FlowWorld w2 = life.restart(root -> {
            FlowWorld w = new FlowWorld(root, 1, w1.panics);
            defineBadHost(root);
            w.flows.asyncFlow(root, "badHost", (ctx, args) -> {
                BadHost h = (BadHost) args.get(0);
                seen.add("replayed " + h.badMethod(null));
                try {
                    h.badMethod(null);
                } catch (IllegalStateException e) {
                    seen.add(e.getMessage());
                }
                badAnswer = "fine";
                return h.badMethod(null);
            });
            return w;
        }, w1);
        w2.flows.admin().wakeAll();
        life.scheduler().runUntilIdle();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo("replayed null");
        assertThat(seen.get(1)).startsWith("converting badMethod result: ").contains("is not passable");
        CompletableFuture<Object> done = w2.vows.when(w2.get("outcome"));
        life.scheduler().runUntilIdle();
        assertThat(done).isCompletedWithValue("fine");
        assertThat(w2.panics).hasSize(1);
    }

    @Test
    void aGuestMadeObjectSentToTheHostPanicsAndTheCallIsNotLogged() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        HostFlow f = w1.flows.asyncFlow(w1.root, "leak", (ctx, args) -> {
            FlowWorld.Step s = (FlowWorld.Step) args.get(0);
            s.report(new Object());
            return "unreachable";
        });
        Vow<Object> outcome = f.call(w1.step("a"));
        life.scheduler().runUntilIdle();
        AsyncFlow flow = w1.flows.admin().getFlowForOutcomeVow(outcome);
        assertThat(flow.getOptFatalProblem().getMessage())
                .isEqualTo("calling report: argument 0: cannot yet send guest remotables a java.lang.Object");
        assertThat(flow.dump()).isEmpty();
        assertThat(w1.hostCalls).isEmpty();
    }

    @Test
    void aHostMethodThatThrowsIsAnOrdinaryErrorForTheGuest() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        HostFlow f = w1.flows.asyncFlow(w1.root, "throws", (ctx, args) -> {
            FlowWorld.Orchestra o = (FlowWorld.Orchestra) args.get(0);
            try {
                return o.scale("nine");
            } catch (IllegalArgumentException e) {
                return "caught " + e.getMessage();
            }
        });
        VowKit<Object> kit = w1.vows.makeVowKit();
        Vow<Object> outcome = f.call(w1.orchestra(7, kit));
        CompletableFuture<Object> r = w1.vows.when(outcome);
        life.scheduler().runUntilIdle();
        assertThat(r).isCompletedWithValue("caught scale needs an int, not nine");
        assertThat(w1.panics).isEmpty();
    }

    @Test
    void aTagWithLiveActivationsThatIsNotDefinedAgainIsReported() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        HostFlow f = w1.flows.asyncFlow(w1.root, "forgotten", awaitFirstArgument());
        f.call(w1.vows.makeVowKit().vow());
        f.call(w1.vows.makeVowKit().vow());
        HostFlow done = w1.flows.asyncFlow(w1.root, "finished", (ctx, args) -> "ok");
        done.call();
        life.scheduler().runUntilIdle();
        byte[] bytes = ((io.vowstream.flow.zone.DurableZone) w1.root).checkpoint();

        io.vowstream.flow.zone.DurableZone next = io.vowstream.flow.zone.Zones.restore(bytes,
                new io.vowstream.flow.testing.ManualFlowScheduler());
        FlowWorld w2 = new FlowWorld(next, 1, new ArrayList<>());
        assertThatThrownBy(() -> w2.flows.admin().wakeAll())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("async flows with live activations were not defined again in incarnation 1:"
                        + " 'root:forgotten' (2 activations)");
        assertThatThrownBy(next::resume).hasMessageContaining("'root:forgotten' (2 objects)")
                .hasMessageNotContaining("finished");
    }

    @Test
    void theWrapperRefusesArgumentsTheZoneCannotStore() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        HostFlow f = w1.flows.asyncFlow(w1.root, "args", (ctx, args) -> null);
        assertThatThrownBy(() -> f.call(new Object()))
                .isInstanceOf(io.vowstream.flow.zone.NotStorableException.class)
                .hasMessageContaining("async flow arguments");
    }

    @Test
    void aHeapZoneRunsFlowsToo() {
        Incarnations life = Incarnations.start(Incarnations.Kind.HEAP);
        FlowWorld w = FlowWorld.first(life, 1);
        HostFlow f = w.flows.asyncFlow(w.root, "heap", (ctx, args) -> {
            FlowWorld.Step s = (FlowWorld.Step) args.get(0);
            return s.step(41);
        });
        Vow<Object> outcome = f.call(w.step("a"));
        CompletableFuture<Object> r = w.vows.when(outcome);
        life.scheduler().runUntilIdle();
        assertThat(r).isCompletedWithValue(42L);
        assertThat(w.flows.encodeEntry(new DoReturn(1, 42L))).hasSize(4);
        assertThat(w.flows.encodeEntry(new DoThrow(1, new IllegalStateException("x")))).isNotEmpty();
    }
}
