package io.vowstream.flow.vow;

import static io.vowstream.flow.vow.VowTestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.disconnect.DisconnectionReason;
import io.vowstream.flow.fixtures.Fixture;
import io.vowstream.flow.fixtures.Recorder;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.testing.Incarnations.Kind;
import io.vowstream.flow.zone.NotStorableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** agoric.md §4.2 watch.test and watch-upgrade.test, in heap and durable zones. */
class WatchTest {

    enum Source { FULFILLED_PROMISE, REJECTED_PROMISE, FULFILLED_VOW, REJECTED_VOW, PROMISE_TO_VOW, VOW_TO_VOW }

    static Stream<Arguments> extraArgCases() {
        List<Arguments> rows = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Source s : Source.values()) {
                rows.add(Arguments.of(kind, s, List.of()));
                rows.add(Arguments.of(kind, s, List.of("a")));
                rows.add(Arguments.of(kind, s, List.of("a", 2)));
            }
        }
        return rows.stream();
    }

    /** The watcher gets the value or reason and exactly the extra arguments, whatever the source. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("extraArgCases")
    void watcherReceivesExactlyTheExtraArguments(Kind kind, Source source, List<Object> extra) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        Recorder r = Recorder.make(f.recorders);
        f.keep.init("r", r);
        boolean rejected = source == Source.REJECTED_PROMISE || source == Source.REJECTED_VOW;
        switch (source) {
            case FULFILLED_PROMISE -> f.vows.watch(CompletableFuture.completedFuture("v"), r, extra.toArray());
            case REJECTED_PROMISE -> f.vows.watch(CompletableFuture.failedFuture(new IllegalStateException("no")), r,
                    extra.toArray());
            case PROMISE_TO_VOW -> {
                VowKit<Object> kit = f.vows.makeVowKit();
                f.vows.watch(CompletableFuture.completedFuture(kit.vow()), r, extra.toArray());
                f.keep.init("resolver", kit.resolver());
            }
            case FULFILLED_VOW, REJECTED_VOW -> {
                VowKit<Object> kit = f.vows.makeVowKit();
                f.vows.watch(kit.vow(), r, extra.toArray());
                f.keep.init("resolver", kit.resolver());
            }
            case VOW_TO_VOW -> {
                VowKit<Object> outer = f.vows.makeVowKit();
                VowKit<Object> inner = f.vows.makeVowKit();
                f.vows.watch(outer.vow(), r, extra.toArray());
                outer.resolver().resolve(inner.vow());
                f.keep.init("resolver", inner.resolver());
            }
        }
        life.scheduler().runUntilIdle();
        f = life.restart(f::next, f);
        if (f.keep.has("resolver")) {
            VowResolver<Object> resolver = f.get("resolver");
            if (rejected) {
                resolver.reject(new IllegalStateException("no"));
            } else {
                resolver.resolve("v");
            }
        }
        life.scheduler().runUntilIdle();
        Recorder again = f.get("r");
        if (life.isDurable() && (source == Source.FULFILLED_PROMISE || source == Source.REJECTED_PROMISE)) {
            // the promise was delivered before the checkpoint
            assertThat(again.calls()).hasSize(1);
        }
        assertThat(again.calls()).containsExactly(rejected
                ? new Recorder.Call("rejected", "no", extra)
                : new Recorder.Call("fulfilled", "v", extra));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rejectThenResolveStaysRejected(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<String> kit = f.vows.makeVowKit();
        kit.resolver().reject(new IllegalStateException("first"));
        kit.resolver().resolve("second");
        f.keep.init("v", kit.vow());
        f.keep.init("resolver", kit.resolver());
        f = life.restart(f::next, f);
        f.<VowResolver<String>>get("resolver").resolve("third");
        assertThat(settle(life, f, f.get("v"))).isEqualTo("rejected: first");
    }

    enum Cycle { SELF, VIA_PROMISE, TWO_CYCLE, LASSO }

    static Stream<Arguments> cycles() {
        List<Arguments> rows = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Cycle c : Cycle.values()) {
                rows.add(Arguments.of(kind, c, true));
                rows.add(Arguments.of(kind, c, false));
            }
        }
        return rows.stream();
    }

    /** Four cycle shapes are detected by both when and watch, within a bounded number of turns. */
    @ParameterizedTest(name = "{0} {1} when={2}")
    @MethodSource("cycles")
    void resolutionCyclesAreDetected(Kind kind, Cycle cycle, boolean useWhen) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> a = f.vows.makeVowKit();
        switch (cycle) {
            case SELF -> a.resolver().resolve(a.vow());
            case VIA_PROMISE -> a.resolver().resolve(CompletableFuture.completedFuture(a.vow()));
            case TWO_CYCLE -> {
                VowKit<Object> b = f.vows.makeVowKit();
                a.resolver().resolve(b.vow());
                b.resolver().resolve(a.vow());
            }
            case LASSO -> {
                VowKit<Object> b = f.vows.makeVowKit();
                VowKit<Object> c = f.vows.makeVowKit();
                a.resolver().resolve(b.vow());
                b.resolver().resolve(c.vow());
                c.resolver().resolve(b.vow());
            }
        }
        life.scheduler().runUntilIdle();
        f.keep.init("a", a.vow());
        f = life.restart(f::next, f);
        Object specimen = useWhen ? f.get("a") : f.vows.watch(f.get("a"));
        CompletableFuture<Object> out = f.vows.when(specimen);
        int turns = life.scheduler().runUntilIdle();
        assertThat(turns).isLessThan(40);
        assertThat(out).isCompletedExceptionally();
        assertThatThrownBy(out::join).hasRootCauseMessage("Vow resolution cycle detected");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDisconnectedPlainPromiseIsNotRetried(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        Recorder r = Recorder.make(f.recorders);
        f.vows.watch(CompletableFuture.failedFuture(new DisconnectedException(new DisconnectionReason.Upgraded(5))), r);
        life.scheduler().runAll();
        assertThat(r.calls()).containsExactly(
                new Recorder.Call("rejected", "disconnected: host upgraded to incarnation 5", List.of()));
    }

    interface FulfilledOnly extends VowWatcher {
        @Override
        @Nullable Object onFulfilled(@Nullable Object value, List<@Nullable Object> args);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void missingHandlersPassThroughAndThrowingHandlersReject(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        FulfilledOnly doubler = life.root().exo("doubler", M.interfaceGuard("Doubler"), FulfilledOnly.class,
                (value, args) -> ((Integer) value) * 2);
        FulfilledOnly thrower = life.root().exo("thrower", M.interfaceGuard("Thrower"), FulfilledOnly.class,
                (value, args) -> {
                    throw new IllegalArgumentException("watcher broke");
                });
        Vow<Object> doubled = f.vows.watch(CompletableFuture.completedFuture(21), doubler);
        Vow<Object> passed = f.vows.watch(CompletableFuture.failedFuture(new IllegalStateException("sad")), doubler);
        Vow<Object> broken = f.vows.watch(CompletableFuture.completedFuture(1), thrower);
        Vow<Object> noWatcher = f.vows.watch(CompletableFuture.completedFuture("plain"));
        assertThat(settle(life, f, doubled)).isEqualTo(42);
        assertThat(settle(life, f, passed)).isEqualTo("rejected: sad");
        assertThat(settle(life, f, broken)).isEqualTo("rejected: watcher broke");
        assertThat(settle(life, f, noWatcher)).isEqualTo("plain");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void watcherResultMayBeAVowThatIsFollowed(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> later = f.vows.makeVowKit();
        Recorder r = f.recorders.make(Map.of("calls", List.of(), "reply", later.vow()));
        Vow<Object> out = f.vows.watch(CompletableFuture.completedFuture("x"), r);
        f.keep.init("out", out);
        f.keep.init("later", later.resolver());
        life.scheduler().runUntilIdle();
        f = life.restart(f::next, f);
        f.<VowResolver<Object>>get("later").resolve("chained");
        assertThat(settle(life, f, f.get("out"))).isEqualTo("chained");
    }

    @Test
    void durableWatchersMustBeDurableObjects() {
        Incarnations life = Incarnations.start(Kind.DURABLE);
        Fixture f = new Fixture(life.root());
        VowWatcher lambdaWatcher = new VowWatcher() { };
        assertThatThrownBy(() -> f.vows.watch("x", lambdaWatcher))
                .isInstanceOf(NotStorableException.class)
                .hasMessageStartingWith("watcher: an anonymous Object")
                .hasMessageEndingWith("(watchers and shorteners must be durable zone objects here)");
        assertThatThrownBy(() -> f.vows.watch("x", null, new Object()))
                .hasMessageStartingWith("watcher arguments[0]: a java.lang.Object is not storable");
    }

    @Test
    void heapWatchersMayBePlainObjects() {
        Incarnations life = Incarnations.start(Kind.HEAP);
        Fixture f = new Fixture(life.root());
        List<Object> seen = new ArrayList<>();
        Vow<Object> out = f.vows.watch(CompletableFuture.completedFuture(1), new VowWatcher() {
            @Override
            public @Nullable Object onFulfilled(@Nullable Object value, List<@Nullable Object> args) {
                seen.add(value);
                seen.addAll(args);
                return "seen";
            }
        }, "arg");
        assertThat(settle(life, f, out)).isEqualTo("seen");
        assertThat(seen).containsExactly(1, "arg");
    }

    /** watch-upgrade.test: what a restart does to watched vows and promises. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void restartDeliversPendingVowsLaterAndLostPromisesAsUpgrades(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> unresolved = f.vows.makeVowKit();
        VowKit<Object> toNever = f.vows.makeVowKit();
        toNever.resolver().resolve(new CompletableFuture<>());
        Recorder r1 = Recorder.make(f.recorders);
        Recorder r2 = Recorder.make(f.recorders);
        f.vows.watch(unresolved.vow(), r1);
        f.vows.watch(toNever.vow(), r2, "ctx");
        f.keep.init("resolver", unresolved.resolver());
        f.keep.init("r1", r1);
        f.keep.init("r2", r2);
        life.scheduler().runUntilIdle();
        f = life.restart(f::next, f);
        f.<VowResolver<Object>>get("resolver").resolve(42);
        life.scheduler().runAll();
        assertThat(f.<Recorder>get("r1").calls()).containsExactly(new Recorder.Call("fulfilled", 42, List.of()));
        if (life.isDurable()) {
            assertThat(f.<Recorder>get("r2").calls()).containsExactly(
                    new Recorder.Call("rejected", "disconnected: host upgraded to incarnation 1", List.of("ctx")));
        } else {
            assertThat(f.<Recorder>get("r2").calls()).isEmpty();
        }
    }

    @Test
    void aPendingPromiseLostTwiceIsRetriedOncePerIncarnation() {
        Incarnations life = Incarnations.start(Kind.DURABLE);
        Fixture f = new Fixture(life.root());
        VowKit<Object> outer = f.vows.makeVowKit();
        VowKit<Object> inner = f.vows.makeVowKit();
        outer.resolver().resolve(inner.vow());
        Recorder r = Recorder.make(f.recorders);
        f.vows.watch(outer.vow(), r);
        f.keep.init("r", r);
        f.keep.init("inner", inner.resolver());
        life.scheduler().runUntilIdle();
        f = life.restart(f::next, f);
        life.scheduler().runAll();
        f = life.restart(f::next, f);
        life.scheduler().runAll();
        assertThat(f.<Recorder>get("r").calls()).isEmpty(); // still waiting on the inner vow after two restarts
        f.<VowResolver<Object>>get("inner").resolve("finally");
        life.scheduler().runAll();
        assertThat(f.<Recorder>get("r").calls()).containsExactly(new Recorder.Call("fulfilled", "finally", List.of()));
    }
}
