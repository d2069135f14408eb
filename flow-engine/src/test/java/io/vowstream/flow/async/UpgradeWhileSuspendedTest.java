package io.vowstream.flow.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.async.FlowWorld.Step;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Many activations suspended at awaits across checkpoint/restore: compatible code resumes them,
 * incompatible code fails them with their logs intact, fixed code plus wakeAll repairs them.
 */
class UpgradeWhileSuspendedTest {
    private static final int N = 5;

    /** v1: step(i), await, step(result length). */
    private static GuestFunction v1() {
        return (ctx, args) -> {
            Step s = (Step) args.get(0);
            long i = (Long) args.get(1);
            long a = s.step(i);
            @SuppressWarnings("unchecked") Vow<String> v = (Vow<String>) args.get(2);
            String got = ctx.await(v);
            return a + s.step(got.length());
        };
    }

    /** Incompatible: the first call's argument changed. */
    private static GuestFunction broken() {
        return (ctx, args) -> {
            Step s = (Step) args.get(0);
            s.step(-1);
            return null;
        };
    }

    private static void defineAll(FlowWorld w, GuestFunction g) {
        w.flows.asyncFlow(w.root, "job", g);
    }

    @Test
    void compatibleCodeResumesIncompatibleCodeFailsAndFixedCodeRepairs() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        HostFlow job = w1.flows.asyncFlow(w1.root, "job", v1());
        Step s = w1.step("s");
        List<Vow<Object>> outcomes = new ArrayList<>();
        for (long i = 0; i < N; i++) {
            VowKit<String> kit = w1.vows.makeVowKit();
            outcomes.add(job.call(s, i, kit.vow()));
            w1.keep.init("r" + i, kit.resolver());
        }
        w1.keep.init("outcomes", outcomes);
        life.scheduler().runUntilIdle();
        assertThat(w1.hostCalls).hasSize(N);

        // Incompatible upgrade: every suspended activation fails, logs intact, outcomes pending.
        FlowWorld w2 = FlowWorld.restart(life, w1, 10, w -> defineAll(w, broken()));
        assertThat(w2.panics).hasSize(N);
        assertThat(w2.flows.admin().getFailures()).hasSize(N);
        List<Vow<Object>> o2 = w2.get("outcomes");
        for (Vow<Object> o : o2) {
            AsyncFlow f = w2.flows.admin().getFlowForOutcomeVow(o);
            assertThat(f.getFlowState()).isEqualTo(FlowState.FAILED);
            assertThat(f.dump()).hasSize(2);
        }
        assertThat(w2.hostCalls).isEmpty();
        w2.<VowResolver<String>>get("r0").resolve("while failed");

        // Fixed code (compatible with the logs) and wakeAll: all resume; their replayed step keeps the old answer.
        FlowWorld w3 = FlowWorld.restart(life, w2, 10, w -> defineAll(w, v1()));
        assertThat(w3.flows.admin().getFailures()).isEmpty();
        List<Vow<Object>> o3 = w3.get("outcomes");
        for (long i = 1; i < N; i++) {
            w3.<VowResolver<String>>get("r" + i).resolve("x".repeat((int) i));
        }
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (Vow<Object> o : o3) {
            results.add(w3.vows.when(o));
        }
        life.scheduler().runUntilIdle();
        // Life-1 step(i) answered i + 1 (k = 1); the live step(len) now answers len + 10.
        assertThat(results.get(0)).isCompletedWithValue(1L + "while failed".length() + 10);
        for (int i = 1; i < N; i++) {
            assertThat(results.get(i)).isCompletedWithValue(i + 1L + i + 10);
        }
        assertThat(w3.hostCalls).hasSize(N);
    }
}
