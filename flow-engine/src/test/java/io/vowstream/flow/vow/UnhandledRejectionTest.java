package io.vowstream.flow.vow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.fixtures.Fixture;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.testing.Incarnations.Kind;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** agoric.md §4.2 unhandled-rejections.test, in heap and durable zones. */
class UnhandledRejectionTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void handledRejectionsAreNotReported(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> shortenedFirst = f.vows.makeVowKit();
        f.vows.when(shortenedFirst.vow()).exceptionally(e -> null);
        life.scheduler().runUntilIdle();
        shortenedFirst.resolver().reject(new IllegalStateException("a"));

        VowKit<Object> toRejectedPromise = f.vows.makeVowKit();
        toRejectedPromise.resolver().resolve(CompletableFuture.failedFuture(new IllegalStateException("b")));
        f.vows.when(toRejectedPromise.vow()).exceptionally(e -> null);

        VowKit<Object> rejectedThenShortened = f.vows.makeVowKit();
        rejectedThenShortened.resolver().reject(new IllegalStateException("c"));
        f.vows.when(rejectedThenShortened.vow()).exceptionally(e -> null);
        life.scheduler().runAll();
        f = life.restart(f::next, f);
        life.scheduler().runAll();
        assertThat(f.vows.reportUnhandledRejections()).isZero();
        assertThat(f.reports).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRejectionNobodyLooksAtIsReportedOnce(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> dropped = f.vows.makeVowKit();
        dropped.resolver().reject(new IllegalStateException("nobody cares"));
        life.scheduler().runAll();
        assertThat(f.vows.reportUnhandledRejections()).isEqualTo(1);
        assertThat(f.vows.reportUnhandledRejections()).isZero();
        assertThat(f.reports).hasSize(1);
        assertThat(f.reports.get(0).vow()).isEqualTo(dropped.vow());
        assertThat(f.reports.get(0).reason()).hasMessage("nobody cares");
        assertThat(f.reports.get(0).earlier()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rejectionsUnhandledBeforeARestartAreReportedWhenItResumes(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> kit = f.vows.makeVowKit();
        kit.resolver().reject(new IllegalStateException("before restart"));
        f.keep.init("v", kit.vow());
        life.scheduler().runAll();
        f = life.restart(f::next, f);
        life.scheduler().runAll();
        if (life.isDurable()) {
            assertThat(f.reports).hasSize(1);
            assertThat(f.reports.get(0).earlier()).isTrue();
            assertThat(f.reports.get(0).reason()).hasMessage("before restart");
        } else {
            assertThat(f.reports).isEmpty();
        }
        // handling it now works and stops further reports
        assertThat(VowTestSupport.settle(life, f, f.get("v"))).isEqualTo("rejected: before restart");
        int before = f.reports.size();
        assertThat(f.vows.reportUnhandledRejections()).isZero();
        assertThat(f.reports).hasSize(before);
    }
}
