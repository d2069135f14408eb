package io.vowstream.flow.vow;

import static io.vowstream.flow.vow.VowTestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.fixtures.Fixture;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.testing.Incarnations.Kind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** agoric.md §4.2 watch-utils.test: all and allSettled, in heap and durable zones across a restart. */
class AllTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void allKeepsInputOrderWhateverTheSettlementOrder(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> a = f.vows.makeVowKit();
        VowKit<Object> b = f.vows.makeVowKit();
        VowKit<Object> c = f.vows.makeVowKit();
        f.keep.init("all", f.vows.all(List.of(a.vow(), b.vow(), c.vow())));
        f.keep.init("one", f.vows.all(List.of(a.vow())));
        f.keep.init("a", a.resolver());
        f.keep.init("b", b.resolver());
        c.resolver().resolve("c"); // settles first
        life.scheduler().runUntilIdle();
        f = life.restart(f::next, f);
        f.<VowResolver<Object>>get("b").resolve("b");
        f.<VowResolver<Object>>get("a").resolve("a");
        assertThat(settle(life, f, f.get("all"))).isEqualTo(List.of("a", "b", "c"));
        assertThat(settle(life, f, f.get("one"))).isEqualTo(List.of("a"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void allRejectsWithTheFirstSettledRejection(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> a = f.vows.makeVowKit();
        VowKit<Object> b = f.vows.makeVowKit();
        VowKit<Object> c = f.vows.makeVowKit();
        f.keep.init("all", f.vows.all(List.of(a.vow(), b.vow(), c.vow())));
        f.keep.init("a", a.resolver());
        f.keep.init("c", c.resolver());
        b.resolver().reject(new IllegalStateException("second input, first rejection"));
        life.scheduler().runUntilIdle();
        f = life.restart(f::next, f);
        f.<VowResolver<Object>>get("a").reject(new IllegalStateException("later rejection"));
        f.<VowResolver<Object>>get("c").resolve("c");
        assertThat(settle(life, f, f.get("all"))).isEqualTo("rejected: second input, first rejection");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void allNestsAndAcceptsPromisesAndPlainData(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> a = f.vows.makeVowKit();
        Vow<List<Object>> inner = f.vows.all(List.of(a.vow(), "plain"));
        Vow<List<Object>> outer = f.vows.all(List.of(inner, CompletableFuture.completedFuture(7), 8));
        a.resolver().resolve("a");
        assertThat(settle(life, f, outer)).isEqualTo(List.of(List.of("a", "plain"), 7, 8));
        assertThat(settle(life, f, f.vows.all(List.of()))).isEqualTo(List.of());
        assertThat(settle(life, f, f.vows.allSettled(List.of()))).isEqualTo(List.of());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void allSettledReportsEachOutcomeInOrder(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> a = f.vows.makeVowKit();
        VowKit<Object> b = f.vows.makeVowKit();
        f.keep.init("settled", f.vows.allSettled(List.of(a.vow(), b.vow(), "data")));
        f.keep.init("a", a.resolver());
        b.resolver().reject(new IllegalStateException("no"));
        life.scheduler().runUntilIdle();
        f = life.restart(f::next, f);
        f.<VowResolver<Object>>get("a").resolve(1);
        @SuppressWarnings("unchecked")
        List<Settlement> out = (List<Settlement>) settle(life, f, f.get("settled"));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo(new Settlement.Fulfilled(1));
        assertThat(((Settlement.Rejected) out.get(1)).reason()).hasMessage("no");
        assertThat(out.get(2)).isEqualTo(new Settlement.Fulfilled("data"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unstorableResultsAreReturnedWithinTheIncarnation(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        Supplier<String> fn = () -> "I am code";
        Object all = settle(life, f, f.vows.all(List.of(CompletableFuture.completedFuture(fn), 1)));
        assertThat(all).isEqualTo(List.of(fn, 1));
        @SuppressWarnings("unchecked")
        List<Settlement> settled = (List<Settlement>) settle(life, f,
                f.vows.allSettled(List.of(CompletableFuture.completedFuture(fn))));
        assertThat(settled).containsExactly(new Settlement.Fulfilled(fn));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unstorableResultsLostByARestartAreReported(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        Supplier<String> fn = () -> "I am code";
        VowKit<Object> pending = f.vows.makeVowKit();
        f.keep.init("all", f.vows.all(List.of(CompletableFuture.completedFuture(fn), pending.vow())));
        f.keep.init("settled", f.vows.allSettled(List.of(CompletableFuture.completedFuture(fn), pending.vow())));
        f.keep.init("pending", pending.resolver());
        life.scheduler().runUntilIdle();
        f = life.restart(f::next, f);
        f.<VowResolver<Object>>get("pending").resolve("late");
        Object all = settle(life, f, f.get("all"));
        @SuppressWarnings("unchecked")
        List<Settlement> settled = (List<Settlement>) settle(life, f, f.get("settled"));
        if (life.isDurable()) {
            assertThat(all).isEqualTo("rejected: 1 unstorable results were lost");
            assertThat(((Settlement.Rejected) settled.get(0)).reason()).hasMessage("Unstorable result was lost");
        } else {
            assertThat(all).isEqualTo(List.of(fn, "late"));
            assertThat(settled.get(0)).isEqualTo(new Settlement.Fulfilled(fn));
        }
        assertThat(settled.get(1)).isEqualTo(new Settlement.Fulfilled("late"));
    }
}
