package io.vowstream.flow.vow;

import static io.vowstream.flow.vow.VowTestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.disconnect.DisconnectionReason;
import io.vowstream.flow.fixtures.Fixture;
import io.vowstream.flow.fixtures.Recorder;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.testing.Incarnations.Kind;
import io.vowstream.flow.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** agoric.md §4.2 retryable.test and retryable-restart.test, in heap and durable zones. */
class RetryableTest {

    private static DisconnectedException upgraded(long n) {
        return new DisconnectedException(new DisconnectionReason.Upgraded(n));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void successFailureAndThrow(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        Retryable ok = f.vows.retryable(life.root(), "ok", args -> CompletableFuture.completedFuture(42));
        Retryable async = f.vows.retryable(life.root(), "async",
                args -> CompletableFuture.failedFuture(new IllegalStateException("some error")));
        Retryable sync = f.vows.retryable(life.root(), "sync", args -> {
            throw new IllegalStateException("some error");
        });
        assertThat(settle(life, f, ok.call())).isEqualTo(42);
        assertThat(settle(life, f, async.call())).isEqualTo("rejected: some error");
        assertThat(settle(life, f, sync.call())).isEqualTo("rejected: some error");
        assertThat(ok.tag()).isEqualTo("ok");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void argumentsArePassedAndMustBeStorable(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        Retryable echo = f.vows.retryable(life.root(), "echo", args -> args);
        VowKit<Object> kit = f.vows.makeVowKit();
        Recorder r = Recorder.make(f.recorders);
        assertThat(settle(life, f, echo.call(kit.vow(), kit.resolver(), r, "s")))
                .isEqualTo(List.of(kit.vow(), kit.resolver(), r, "s"));
        Runnable code = () -> { };
        Vow<Object> refused = echo.call("fine", code);
        assertThat((String) settle(life, f, refused))
                .startsWith("rejected: retryable arguments must be storable: argument 1: a lambda");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void controlIsAvailableUntilDone(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        CompletableFuture<Object> result = new CompletableFuture<>();
        Retryable op = f.vows.retryable(life.root(), "op", args -> result);
        Vow<Object> outcome = op.call();
        RetryableControl control = f.vows.retryableFor(outcome);
        assertThat(control.outcome()).isEqualTo(outcome);
        assertThat(control.runs()).isEqualTo(1);
        result.complete("done");
        assertThat(settle(life, f, outcome)).isEqualTo("done");
        assertThatThrownBy(() -> f.vows.retryableFor(outcome))
                .hasMessageContaining("no running retryable flow has outcome");
        assertThatThrownBy(control::restart).hasMessageStartingWith("Cannot restart a done retryable flow 'op'");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void retriesDisconnectionsUntilTheRuleSaysStop(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        List<Long> plan = List.of(1L, 2L, 3L, 3L);
        AtomicInteger runs = new AtomicInteger();
        Retryable op = f.vows.retryable(life.root(), "flaky",
                args -> CompletableFuture.failedFuture(upgraded(plan.get(runs.getAndIncrement()))));
        assertThat(settle(life, f, op.call())).isEqualTo("rejected: disconnected: host upgraded to incarnation 3");
        assertThat(runs).hasValue(4);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void transientFailuresBackOffOnTheInjectedClock(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        AtomicInteger runs = new AtomicInteger();
        Retryable op = f.vows.retryable(life.root(), "net", args -> runs.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new DisconnectedException(
                        new DisconnectionReason.TransientUnavailable("503")))
                : CompletableFuture.completedFuture("through"));
        Vow<Object> outcome = op.call();
        life.scheduler().runUntilIdle();
        assertThat(runs).hasValue(1); // waiting for the first backoff
        assertThat(life.scheduler().pendingTimers()).isEqualTo(1);
        assertThat(settle(life, f, outcome)).isEqualTo("through");
        assertThat(runs).hasValue(3);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void staleRunsAreIgnored(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        List<CompletableFuture<Object>> results = new ArrayList<>();
        Retryable op = f.vows.retryable(life.root(), "restarted", args -> {
            CompletableFuture<Object> r = new CompletableFuture<>();
            results.add(r);
            return r;
        });
        Vow<Object> outcome = op.call();
        RetryableControl control = f.vows.retryableFor(outcome);
        control.restart();
        control.restart();
        assertThat(results).hasSize(3);
        results.get(2).complete(3);
        results.get(0).complete(1);
        results.get(1).complete(2);
        assertThat(settle(life, f, outcome)).isEqualTo(3);
    }

    /** retryable-restart.test: a run pending at the restart is run again in the next incarnation. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPendingRunIsRestartedInTheNextIncarnation(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        AtomicInteger firstLifeRuns = new AtomicInteger();
        CompletableFuture<Object> never = new CompletableFuture<>();
        Fixture f = new Fixture(life.root());
        Retryable op = f.vows.retryable(life.root(), "slow", args -> {
            firstLifeRuns.incrementAndGet();
            return never;
        });
        Recorder r = Recorder.make(f.recorders);
        f.vows.watch(op.call("arg"), r);
        f.keep.init("r", r);
        life.scheduler().runUntilIdle();
        AtomicInteger secondLifeRuns = new AtomicInteger();
        List<Object> seenArgs = new ArrayList<>();
        f = life.restart(root -> {
            Fixture next = new Fixture(root);
            next.vows.retryable(root, "slow", args -> {
                secondLifeRuns.incrementAndGet();
                seenArgs.addAll(args);
                return 42;
            });
            return next;
        }, f);
        if (!life.isDurable()) {
            never.complete(42); // the heap never restarts: let the first run finish
        }
        life.scheduler().runAll();
        assertThat(f.<Recorder>get("r").calls()).containsExactly(new Recorder.Call("fulfilled", 42, List.of()));
        assertThat(firstLifeRuns).hasValue(1);
        if (life.isDurable()) {
            assertThat(secondLifeRuns).hasValue(1);
            assertThat(seenArgs).containsExactly("arg");
        }
    }

    @Test
    void durableArgumentsMustBeDurable() {
        Incarnations life = Incarnations.start(Kind.DURABLE);
        Fixture f = new Fixture(life.root());
        Zone root = life.root();
        record Holder(Object promise) {}
        Retryable op = f.vows.retryable(root, "op", args -> 1);
        Vow<Object> refused = op.call(new Holder(new CompletableFuture<>()));
        assertThat((String) settle(life, f, refused))
                .startsWith("rejected: retryable arguments must be storable: argument 0, component 'promise'");
    }

    @Test
    void retryableZoneMustBelongToTheSameTree() {
        Incarnations life = Incarnations.start(Kind.DURABLE);
        Fixture f = new Fixture(life.root());
        Zone other = Incarnations.start(Kind.HEAP).root();
        assertThatThrownBy(() -> f.vows.retryable(other, "x", args -> 1))
                .hasMessageContaining("is not in the zone tree of these vow tools");
    }
}
