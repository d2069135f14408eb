package io.vowstream.flow.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.async.FlowWorld.Step;
import io.vowstream.flow.testing.ManualFlowScheduler;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.zone.DurableZone;
import io.vowstream.flow.zone.Zones;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nine mutation classes of a guest, each replayed against the same recorded checkpoint: every one
 * panics on replay (naming the replay position), and none does when the same change is guarded by
 * {@link FlowContext#getVersion}; a new activation of the guarded code takes the new branch.
 */
class DeterminismSuiteTest {

    /** What a mutated guest does differently from the recorded one. */
    enum Mutation {
        CHANGED_METHOD, CHANGED_ARGUMENT, CHANGED_RESULT_USE, INSERTED_CALL_BEFORE_AWAIT, REMOVED_CALL, EXTRA_AWAIT,
        REORDERED_CALLS, SWAPPED_HOST_OBJECT, CHANGED_ERROR_NAME
    }

    private static byte[] recorded;

    /**
     * The guest: {@code mutation} null is the recorded code; {@code versioned} guards the mutation by
     * {@code getVersion("change", DEFAULT_VERSION, 1)}.
     */
    @SuppressWarnings("unchecked")
    static GuestFunction guest(Mutation mutation, boolean versioned) {
        return (ctx, args) -> {
            Step a = (Step) args.get(0);
            Step b = (Step) args.get(1);
            Vow<Object> p = (Vow<Object>) args.get(2);
            Vow<Object> q = (Vow<Object>) args.get(3);
            boolean on = mutation != null
                    && (!versioned || ctx.getVersion("change", FlowContext.DEFAULT_VERSION, 1) == 1);
            Mutation m = on ? mutation : null;
            long x = m == Mutation.CHANGED_METHOD ? a.other(1)
                    : m == Mutation.CHANGED_ARGUMENT ? a.step(2)
                    : m == Mutation.SWAPPED_HOST_OBJECT ? b.step(1) : a.step(1);
            a.report(m == Mutation.CHANGED_ERROR_NAME ? new IllegalArgumentException("boom")
                    : new IllegalStateException(m == null ? "boom" : "a different message is fine"));
            long y;
            long z;
            if (m == Mutation.REORDERED_CALLS) {
                z = b.step(2);
                y = a.step(x);
            } else {
                if (m == Mutation.EXTRA_AWAIT) {
                    ctx.await(q);
                }
                y = a.step(m == Mutation.CHANGED_RESULT_USE ? x + 1 : x);
                z = b.step(2);
            }
            ctx.await(p);
            if (m != Mutation.REMOVED_CALL) {
                a.step(y + z);
            }
            if (m == Mutation.INSERTED_CALL_BEFORE_AWAIT) {
                a.step(99);
            }
            return ctx.await(q);
        };
    }

    @BeforeAll
    static void record() {
        ManualFlowScheduler scheduler = new ManualFlowScheduler();
        DurableZone root = Zones.durable(scheduler);
        FlowWorld w = new FlowWorld(root, 1, new ArrayList<>());
        HostFlow f = w.flows.asyncFlow(root, "mutant", guest(null, false));
        VowKit<Object> p = w.vows.makeVowKit();
        VowKit<Object> q = w.vows.makeVowKit();
        Vow<Object> outcome = f.call(w.step("a"), w.step("b"), p.vow(), q.vow());
        scheduler.runUntilIdle();
        p.resolver().resolve("p");
        scheduler.runUntilIdle();
        assertThat(w.panics).isEmpty();
        assertThat(w.flows.admin().getFlowForOutcomeVow(outcome).dump()).hasSize(11);
        w.keep.init("outcome", outcome);
        w.keep.init("q", q.resolver());
        recorded = root.checkpoint();
    }

    private record Replayed(FlowWorld world, ManualFlowScheduler scheduler, AsyncFlow flow) {}

    private static Replayed replay(GuestFunction guest) {
        ManualFlowScheduler scheduler = new ManualFlowScheduler();
        DurableZone root = Zones.restore(recorded, scheduler);
        FlowWorld w = new FlowWorld(root, 1, new ArrayList<>());
        w.flows.asyncFlow(root, "mutant", guest);
        root.resume();
        w.flows.admin().wakeAll();
        scheduler.runUntilIdle();
        return new Replayed(w, scheduler, w.flows.admin().getFlowForOutcomeVow(w.get("outcome")));
    }

    @ParameterizedTest
    @EnumSource(Mutation.class)
    void everyMutationIsDetectedOnReplay(Mutation mutation) {
        Replayed r = replay(guest(mutation, false));
        assertThat(r.world().panics).as(mutation + " must panic").hasSize(1);
        assertThat(r.world().panics.get(0).problem().getMessage()).startsWith("replay ");
        assertThat(r.flow().getFlowState()).isEqualTo(FlowState.FAILED);
        assertThat(r.flow().dump()).as("the log stays intact").hasSize(11);
        assertThat(r.world().hostCalls).as("a panicking replay never reaches the host").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mutation.class)
    void theSameChangeGuardedByGetVersionReplaysAndNewActivationsTakeTheNewBranch(Mutation mutation) {
        Replayed r = replay(guest(mutation, true));
        assertThat(r.world().panics).as(mutation + " guarded must not panic").isEmpty();
        assertThat(r.flow().getFlowState()).isEqualTo(FlowState.RUNNING);
        r.world().<io.vowstream.flow.vow.VowResolver<Object>>get("q").resolve("q");
        java.util.concurrent.CompletableFuture<Object> done = r.world().vows.when(r.world().get("outcome"));
        r.scheduler().runUntilIdle();
        assertThat(done).isCompletedWithValue("q");

        // A new activation records version 1 and runs the mutated code.
        HostFlow again = r.world().flows.asyncFlow(r.world().root.subZone("more"), "mutant", guest(mutation, true));
        r.world().hostCalls.clear();
        Vow<Object> outcome = again.call(r.world().step("a2"), r.world().step("b2"),
                r.world().vows.makeVowKit().vow(), r.world().vows.makeVowKit().vow());
        r.scheduler().runUntilIdle();
        AsyncFlow fresh = r.world().flows.admin().getFlowForOutcomeVow(outcome);
        assertThat(fresh.dump().get(0)).isInstanceOfSatisfying(LogEntry.CheckCall.class, c -> {
            assertThat(c.method()).isEqualTo("getVersion");
            assertThat(c.args()).containsExactly("change", FlowContext.DEFAULT_VERSION, 1);
        });
        assertThat(fresh.dump().get(1)).isEqualTo(new LogEntry.DoReturn(0, 1));
        assertThat(r.world().panics).isEmpty();
        if (mutation == Mutation.CHANGED_METHOD) {
            assertThat(r.world().hostCalls).startsWith("a2.other 1");
        }
    }

    @ParameterizedTest
    @EnumSource(Mutation.class)
    void theUnchangedGuestReplaysCleanly(Mutation ignored) {
        Replayed r = replay(guest(null, false));
        assertThat(r.world().panics).isEmpty();
        assertThat(r.flow().getFlowState()).isEqualTo(FlowState.RUNNING);
    }
}
