package io.vowstream.flow.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Eager and lazy waking after a restart (the wake tests of agoric PR #10208). */
class WakeTest {
    private final List<String> runs = new ArrayList<>();

    private GuestFunction guest() {
        return (ctx, args) -> {
            runs.add("run");
            @SuppressWarnings("unchecked") Vow<Object> v = (Vow<Object>) args.get(0);
            return "got " + ctx.await(v);
        };
    }

    private FlowWorld define(Incarnations life, FlowWorld previous, boolean eagerDefinition) {
        FlowWorld w = life.restart(root -> {
            FlowWorld next = new FlowWorld(root, 1, previous.panics);
            next.flows.asyncFlow(root, "lazy", guest(), eagerDefinition);
            next.flows.asyncFlow(root, "eager", guest(), true);
            return next;
        }, previous);
        w.flows.admin().wakeAll();
        life.scheduler().runUntilIdle();
        return w;
    }

    @Test
    void eagerFlowsReplayAtWakeAllAndLazyOnesSleepUntilTheirVowSettles() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        HostFlow lazy = w1.flows.asyncFlow(w1.root, "lazy", guest(), false);
        HostFlow eager = w1.flows.asyncFlow(w1.root, "eager", guest(), true);
        VowKit<Object> lk = w1.vows.makeVowKit();
        VowKit<Object> ek = w1.vows.makeVowKit();
        w1.keep.init("lazy", lazy.call(lk.vow()));
        w1.keep.init("eager", eager.call(ek.vow()));
        w1.keep.init("lk", lk.resolver());
        life.scheduler().runUntilIdle();
        assertThat(runs).hasSize(2);

        runs.clear();
        // Defined eager now: a lazy activation stays lazy (eagerness belongs to the activation).
        FlowWorld w2 = define(life, w1, true);
        AsyncFlow lazyFlow = w2.flows.admin().getFlowForOutcomeVow(w2.get("lazy"));
        AsyncFlow eagerFlow = w2.flows.admin().getFlowForOutcomeVow(w2.get("eager"));
        assertThat(runs).as("only the eager flow replayed").hasSize(1);
        assertThat(eagerFlow.getFlowState()).isEqualTo(FlowState.RUNNING);
        assertThat(lazyFlow.getFlowState()).isEqualTo(FlowState.SLEEPING);

        runs.clear();
        FlowWorld w3 = define(life, w2, false);
        assertThat(runs).hasSize(1);
        AsyncFlow lazy3 = w3.flows.admin().getFlowForOutcomeVow(w3.get("lazy"));
        assertThat(lazy3.getFlowState()).isEqualTo(FlowState.SLEEPING);

        // Resolving the vow it awaits (in a later life) wakes it through its durable watch.
        w3.<VowResolver<Object>>get("lk").resolve("late");
        CompletableFuture<Object> r = w3.vows.when(w3.get("lazy"));
        life.scheduler().runUntilIdle();
        assertThat(r).isCompletedWithValue("got late");
        assertThat(lazy3.getFlowState()).isEqualTo(FlowState.DONE);
    }

    @Test
    void restartWithEagerTrueMakesALazyFlowEagerAndFailedFlowsRestartEvenIfLazy() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        HostFlow lazy = w1.flows.asyncFlow(w1.root, "lazy", guest(), false);
        w1.flows.asyncFlow(w1.root, "eager", guest(), true);
        Vow<Object> outcome = lazy.call(w1.vows.makeVowKit().vow());
        life.scheduler().runUntilIdle();
        w1.flows.admin().getFlowForOutcomeVow(outcome).restart(true);
        w1.keep.init("lazy", outcome);
        runs.clear();
        FlowWorld w2 = define(life, w1, false);
        assertThat(runs).as("made eager by restart(true)").hasSize(1);

        // Now fail it (a panicking definition), then repair: wakeAll restarts failures whatever their eagerness.
        AsyncFlow flow = w2.flows.admin().getFlowForOutcomeVow(w2.get("lazy"));
        flow.restart(false);
        life.scheduler().runUntilIdle();
        runs.clear();
        FlowWorld w3 = life.restart(root -> {
            FlowWorld next = new FlowWorld(root, 1, w2.panics);
            next.flows.asyncFlow(root, "lazy", (ctx, args) -> "early", false);
            next.flows.asyncFlow(root, "eager", guest(), true);
            return next;
        }, w2);
        w3.flows.admin().wakeAll();
        life.scheduler().runUntilIdle();
        AsyncFlow failedFlow = w3.flows.admin().getFlowForOutcomeVow(w3.get("lazy"));
        assertThat(failedFlow.getFlowState()).as("a lazy flow is not woken").isEqualTo(FlowState.SLEEPING);
        failedFlow.wake();
        life.scheduler().runUntilIdle();
        assertThat(failedFlow.getFlowState()).isEqualTo(FlowState.FAILED);
        runs.clear();
        FlowWorld w4 = define(life, w3, false);
        AsyncFlow repaired = w4.flows.admin().getFlowForOutcomeVow(w4.get("lazy"));
        assertThat(runs).as("the failed flow was restarted").hasSize(1);
        assertThat(repaired.getFlowState()).isEqualTo(FlowState.RUNNING);
        assertThat(w4.flows.admin().getFailures()).isEmpty();
    }

    /**
     * Object ids must not depend on when a zone was restored: a flow woken in a later life replays
     * and parks again on the vow that woke it, which an uninterrupted run never does. That second
     * park must not allocate a watch.
     */
    @Test
    void aFlowWokenInALaterLifeAllocatesNoMoreObjectsThanOneThatNeverSlept() {
        String uninterrupted = nextVowAfterWake(false);
        String restarted = nextVowAfterWake(true);
        assertThat(restarted).isEqualTo(uninterrupted).contains("vow#");
    }

    private String nextVowAfterWake(boolean restartWhileParked) {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w = FlowWorld.first(life, 1);
        HostFlow lazy = w.flows.asyncFlow(w.root, "lazy", guest(), false);
        w.flows.asyncFlow(w.root, "eager", guest(), true);
        VowKit<Object> k = w.vows.makeVowKit();
        w.keep.init("lazy", lazy.call(k.vow()));
        w.keep.init("k", k.resolver());
        life.scheduler().runUntilIdle();
        if (restartWhileParked) {
            w = define(life, w, false);
        }
        w.<VowResolver<Object>>get("k").resolve("v");
        CompletableFuture<Object> r = w.vows.when(w.get("lazy"));
        life.scheduler().runUntilIdle();
        assertThat(r).isCompletedWithValue("got v");
        return w.vows.makeVowKit().vow().toString();
    }

    /** A lazy flow checkpointed while parked on a vow that had already settled is woken by wakeAll. */
    @Test
    void aLazyFlowParkedOnASettledVowAtTheCheckpointIsWokenByWakeAll() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        HostFlow lazy = w1.flows.asyncFlow(w1.root, "lazy", guest(), false);
        w1.flows.asyncFlow(w1.root, "eager", guest(), true);
        VowKit<Object> k = w1.vows.makeVowKit();
        k.resolver().resolve("early");
        w1.keep.init("lazy", lazy.call(k.vow())); // parks; the checkpoint comes before the next turn

        FlowWorld w2 = define(life, w1, false);
        CompletableFuture<Object> r = w2.vows.when(w2.get("lazy"));
        life.scheduler().runUntilIdle();
        assertThat(r).isCompletedWithValue("got early");
    }
}
