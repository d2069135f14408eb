package io.vowstream.flow.vow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.disconnect.DisconnectionReason;
import io.vowstream.flow.disconnect.RetryPolicy;
import io.vowstream.flow.fixtures.Fixture;
import io.vowstream.flow.fixtures.Recorder;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.testing.Incarnations.Kind;
import io.vowstream.flow.zone.ExoClass;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The disconnect table (agoric.md §4.2 disconnect.test): a vow whose shorten steps follow a plan;
 * every consumer ends fulfilled exactly when the first step that is not a disconnection is happy.
 * In the durable zone the consumer is restarted in the middle (during a retry backoff).
 */
class DisconnectTableTest {
    static final RetryPolicy POLICY = RetryPolicy.of(Duration.ofMillis(10), Duration.ofMillis(80), 5, 20);

    /** A shortener following a stored plan: "disco", "sad" or "happy" per step. */
    interface PlanStep extends Vow.Shortener {
        int taken();
    }

    enum Consumer { WHEN, WHEN_WITH_HANDLERS, WATCH, WATCH_WITH_WATCHER }

    static final class Defs {
        final Fixture f;
        final ExoClass<PlanStep> steps;

        Defs(Zone root, List<Fixture.Report> reports) {
            this.f = new Fixture(root, POLICY, reports);
            this.steps = root.exoClass("PlanStep", M.interfaceGuard("PlanStep").method("taken", M.call().returns(M.nat())),
                    PlanStep.class,
                    StateShape.empty().field("plan", M.listOf(M.string())).field("next", M.nat()),
                    ctx -> new PlanStep() {
                        @Override
                        public CompletionStage<@Nullable Object> shorten() {
                            @SuppressWarnings("unchecked")
                            List<String> plan = (List<String>) ctx.state().get("plan");
                            int next = ctx.state().get("next", Integer.class);
                            ctx.state().set("next", next + 1);
                            return switch (plan.get(next)) {
                                case "disco" -> CompletableFuture.failedFuture(new DisconnectedException(
                                        new DisconnectionReason.TransientUnavailable("plan step " + next)));
                                case "sad" -> CompletableFuture.failedFuture(new IllegalStateException("dejected"));
                                default -> CompletableFuture.completedFuture("resolved");
                            };
                        }

                        @Override
                        public int taken() {
                            return ctx.state().get("next", Integer.class);
                        }
                    });
        }

        Defs next(Zone root) {
            return new Defs(root, f.reports);
        }
    }

    static final List<List<String>> PLANS = List.of(
            List.of("happy"),
            List.of("sad", "happy"),
            List.of("disco", "happy"),
            List.of("disco", "sad"),
            List.of("disco", "sad", "disco", "happy"),
            List.of("disco", "disco", "happy"),
            List.of("disco", "disco", "sad"));

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Consumer consumer : Consumer.values()) {
                for (List<String> plan : PLANS) {
                    rows.add(Arguments.of(kind, consumer, plan));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("table")
    void fulfilledExactlyWhenTheFirstNonDisconnectionStepIsHappy(Kind kind, Consumer consumer, List<String> plan) {
        boolean happy = plan.stream().filter(s -> !s.equals("disco")).findFirst().orElseThrow().equals("happy");
        int expectedSteps = plan.indexOf(happy ? "happy" : "sad") + 1;
        Incarnations life = Incarnations.start(kind);
        Defs d = new Defs(life.root(), new ArrayList<>());
        PlanStep step = d.steps.make(Map.of("plan", plan, "next", 0));
        Vow<Object> vow = Vow.of(step);
        d.f.keep.init("step", step);

        Object outcome;
        switch (consumer) {
            case WHEN, WHEN_WITH_HANDLERS -> {
                d = life.restart(d::next, d); // the ephemeral consumer starts in the new incarnation
                Vow<Object> again = Vow.of(d.f.<PlanStep>get("step"));
                CompletableFuture<?> future = consumer == Consumer.WHEN ? d.f.vows.when(again)
                        : d.f.vows.when(again, v -> "got " + v, e -> "caught " + e.getMessage());
                life.scheduler().runAll();
                outcome = future.handle((v, e) -> e == null ? v : "rejected " + DisconnectedException.unwrap(e).getMessage())
                        .join();
                if (consumer == Consumer.WHEN_WITH_HANDLERS) {
                    assertThat(outcome).isEqualTo(happy ? "got resolved" : "caught dejected");
                    outcome = happy ? "resolved" : "rejected dejected";
                }
            }
            default -> {
                Recorder recorder = Recorder.make(d.f.recorders);
                Vow<Object> watched = consumer == Consumer.WATCH ? d.f.vows.watch(vow)
                        : d.f.vows.watch(vow, recorder, "ctx");
                d.f.keep.init("watched", watched);
                d.f.keep.init("recorder", recorder);
                life.scheduler().runUntilIdle(); // first step taken; a disco leaves a backoff pending
                d = life.restart(d::next, d);
                life.scheduler().runAll();
                CompletableFuture<Object> future = d.f.vows.when(d.f.get("watched"));
                life.scheduler().runAll();
                outcome = future.handle((v, e) -> e == null ? v : "rejected " + DisconnectedException.unwrap(e).getMessage())
                        .join();
                if (consumer == Consumer.WATCH_WITH_WATCHER) {
                    Recorder r = d.f.get("recorder");
                    assertThat(r.calls()).containsExactly(happy
                            ? new Recorder.Call("fulfilled", "resolved", List.of("ctx"))
                            : new Recorder.Call("rejected", "dejected", List.of("ctx")));
                    assertThat(outcome).isEqualTo(happy ? "resolved" : "handled: dejected");
                    outcome = happy ? "resolved" : "rejected dejected";
                }
            }
        }
        assertThat(outcome).isEqualTo(happy ? "resolved" : "rejected dejected");
        assertThat(d.f.<PlanStep>get("step").taken()).isEqualTo(expectedSteps);
    }
}
