package io.vowstream.flow.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.async.FlowWorld.Orchestra;
import io.vowstream.flow.async.LogEntry.CheckCall;
import io.vowstream.flow.async.LogEntry.DoFulfill;
import io.vowstream.flow.async.LogEntry.DoReturn;
import io.vowstream.flow.async.LogEntry.DoThrow;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Agoric's async-flow.test scenario in four incarnations: first play with the exact log, bad replay
 * (panic at replay 3), good replay answered from the log although the host now answers differently,
 * and after play (the guest never runs again).
 */
class AsyncFlowScenarioTest {
    private final List<String> guestRuns = new ArrayList<>();

    /** The first-play guest: awaits g1, asks for a vow, scales 3 and 9.5, then awaits p2 forever. */
    private GuestFunction firstGuest() {
        return (ctx, args) -> {
            guestRuns.add("first");
            Orchestra gOrch7 = (Orchestra) args.get(0);
            @SuppressWarnings("unchecked") Vow<Object> g1 = (Vow<Object>) args.get(1);
            assertThat(ctx.await(g1)).isEqualTo("x");
            Vow<Object> p2 = gOrch7.vow();
            assertThat(gOrch7.scale(3)).isEqualTo(21L);
            try {
                gOrch7.scale(9.5);
                guestRuns.add("scale(9.5) returned");
            } catch (IllegalArgumentException e) {
                guestRuns.add("caught " + e.getClass().getSimpleName());
            }
            ctx.await(p2);
            return "unreachable in life 1";
        };
    }

    private GuestFunction badGuest() {
        return (ctx, args) -> {
            guestRuns.add("bad");
            Orchestra gOrch7 = (Orchestra) args.get(0);
            @SuppressWarnings("unchecked") Vow<Object> g1 = (Vow<Object>) args.get(1);
            ctx.await(g1);
            gOrch7.vow();
            gOrch7.scale(4);
            return "bad";
        };
    }

    private GuestFunction goodGuest() {
        return (ctx, args) -> {
            guestRuns.add("good");
            Orchestra gOrch7 = (Orchestra) args.get(0);
            @SuppressWarnings("unchecked") Vow<Object> g1 = (Vow<Object>) args.get(1);
            @SuppressWarnings("unchecked") Vow<Object> p3 = (Vow<Object>) args.get(2);
            assertThat(ctx.await(g1)).isEqualTo("x");
            Vow<Object> p2 = gOrch7.vow();
            guestRuns.add("replayed scale(3) = " + gOrch7.scale(3));
            try {
                gOrch7.scale(9.5);
            } catch (IllegalArgumentException e) {
                guestRuns.add("caught again");
            }
            assertThat(ctx.await(p2)).isEqualTo("y");
            guestRuns.add("live scale(3) = " + gOrch7.scale(3));
            try {
                ctx.await(p3);
            } catch (IllegalStateException e) {
                guestRuns.add("p3 rejected: " + e.getMessage());
            }
            return null;
        };
    }

    @Test
    void firstPlayBadReplayGoodReplayAndAfterPlayAcrossFourIncarnations() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        HostFlow wrapper = w1.flows.asyncFlow(w1.root, "AsyncFlow1", firstGuest());
        VowKit<Object> k1 = w1.vows.makeVowKit();
        VowKit<Object> k2 = w1.vows.makeVowKit();
        VowKit<Object> k3 = w1.vows.makeVowKit();
        Orchestra hOrch7 = w1.orchestra(7, k2);

        Vow<Object> outcome = wrapper.call(hOrch7, k1.vow(), k3.vow());
        k1.resolver().resolve("x");
        life.scheduler().runUntilIdle();

        AsyncFlow flow = w1.flows.admin().getFlowForOutcomeVow(outcome);
        assertThat(flow.getFlowState()).isEqualTo(FlowState.RUNNING);
        List<LogEntry> log = flow.dump();
        assertThat(log).hasSize(7);
        assertThat(log.subList(0, 6)).containsExactly(
                new DoFulfill(k1.vow(), "x"),
                new CheckCall(hOrch7, "vow", List.of(), 1),
                new DoReturn(1, k2.vow()),
                new CheckCall(hOrch7, "scale", List.of(3), 3),
                new DoReturn(3, 21L),
                new CheckCall(hOrch7, "scale", List.of(9.5), 5));
        assertThat(log.get(6)).isInstanceOfSatisfying(DoThrow.class, t -> {
            assertThat(t.callIndex()).isEqualTo(5);
            assertThat(t.error()).isInstanceOf(IllegalArgumentException.class).hasMessage("scale needs an int, not 9.5");
        });
        assertThat(guestRuns).containsExactly("first", "caught IllegalArgumentException");
        w1.keep.init("outcome", outcome);
        w1.keep.init("flow", flow);
        w1.keep.init("k2", k2.resolver());
        w1.keep.init("k3", k3.resolver());

        // Life 2: bad replay (same k): the third visible entry differs.
        guestRuns.clear();
        FlowWorld w2 = FlowWorld.restart(life, w1, 1, w -> w.flows.asyncFlow(w.root, "AsyncFlow1", badGuest()));
        AsyncFlow flow2 = w2.get("flow");
        assertThat(w2.flows.admin().getFlowForOutcomeVow(w2.get("outcome"))).isSameAs(flow2);
        assertThat(w2.panics).hasSize(1);
        assertThat(w2.panics.get(0).problem().getMessage()).startsWith("replay 3:");
        assertThat(w2.panics.get(0).flow()).isSameAs(flow2);
        assertThat(flow2.getFlowState()).isEqualTo(FlowState.FAILED);
        assertThat(flow2.dump()).hasSize(7);
        assertThat(flow2.getOptFatalProblem()).hasMessageStartingWith("replay 3:");
        assertThat(w2.flows.admin().getFailures()).containsOnlyKeys(flow2);
        assertThat(w2.hostCalls).as("replay never calls the host").isEmpty();
        w2.<io.vowstream.flow.vow.VowResolver<Object>>get("k2").resolve("y"); // not logged: the flow is Failed
        life.scheduler().runUntilIdle();
        assertThat(flow2.dump()).hasSize(7);
        assertThat(guestRuns).containsExactly("bad");

        // Life 3: good replay with k = 2; the replayed scale(3) still answers 21, the live one 42.
        guestRuns.clear();
        FlowWorld w3 = FlowWorld.restart(life, w2, 2, w -> w.flows.asyncFlow(w.root, "AsyncFlow1", goodGuest()));
        AsyncFlow flow3 = w3.get("flow");
        assertThat(w3.panics).hasSize(1);
        assertThat(flow3.getFlowState()).isEqualTo(FlowState.RUNNING);
        assertThat(guestRuns).containsExactly("good", "replayed scale(3) = 21", "caught again", "live scale(3) = 42");
        List<LogEntry> log3 = flow3.dump();
        assertThat(log3).hasSize(10);
        assertThat(log3.get(7)).isInstanceOfSatisfying(DoFulfill.class, f -> assertThat(f.value()).isEqualTo("y"));
        assertThat(log3.subList(8, 10)).containsExactly(
                new CheckCall(((CheckCall) log3.get(1)).target(), "scale", List.of(3), 8), new DoReturn(8, 42L));
        assertThat(w3.hostCalls).containsExactly("scale 3");
        w3.<io.vowstream.flow.vow.VowResolver<Object>>get("k3").reject(new IllegalStateException("done"));
        life.scheduler().runUntilIdle();
        assertThat(guestRuns).endsWith("p3 rejected: done");
        CompletableFuture<Object> result = w3.vows.when(w3.get("outcome"));
        life.scheduler().runUntilIdle();
        assertThat(result).isCompletedWithValue(null);
        assertThat(flow3.getFlowState()).isEqualTo(FlowState.DONE);
        assertThat(flow3.dump()).isEmpty();

        // Life 4: after play, the guest never runs and the flow is forgotten.
        guestRuns.clear();
        FlowWorld w4 = FlowWorld.restart(life, w3, 3, w -> w.flows.asyncFlow(w.root, "AsyncFlow1", firstGuest()));
        assertThat(guestRuns).isEmpty();
        assertThatThrownBy(() -> w4.flows.admin().getFlowForOutcomeVow(w4.get("outcome")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not found in collection \"flowForOutcomeVow\"");
        AsyncFlow flow4 = w4.get("flow");
        flow4.wake();
        life.scheduler().runUntilIdle();
        assertThat(guestRuns).isEmpty();
        assertThat(flow4.getFlowState()).isEqualTo(FlowState.DONE);
        assertThatThrownBy(() -> flow4.restart(true)).hasMessageStartingWith("Cannot restart a done flow 'AsyncFlow1'");
        assertThat(life.restarts()).isEqualTo(3);
    }
}
