package io.vowstream.flow.vow;

import static io.vowstream.flow.vow.VowTestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.fixtures.Fixture;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.testing.Incarnations.Kind;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** agoric.md §4.2 asVow.test, in heap and durable zones (across a restart). */
class AsVowTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void synchronousThrowBecomesARejectedVow(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        Vow<Object> v = f.vows.asVow(() -> {
            throw new IllegalStateException("fail");
        });
        f.keep.init("v", v);
        f.keep.init("watched", f.vows.watch(v));
        life.scheduler().runUntilIdle();
        f = life.restart(f::next, f);
        assertThat(settle(life, f, f.get("v"))).isEqualTo("rejected: fail");
        assertThat(settle(life, f, f.get("watched"))).isEqualTo("rejected: fail");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void synchronousReturnBecomesAFulfilledVow(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        f.keep.init("v", f.vows.asVow(() -> "early return"));
        f = life.restart(f::next, f);
        assertThat(settle(life, f, f.get("v"))).isEqualTo("early return");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReturnedVowIsNotWrappedAgain(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<String> kit = f.vows.makeVowKit();
        Vow<String> v = f.vows.asVow(kit::vow);
        assertThat(v).isEqualTo(kit.vow());
        kit.resolver().resolve("payload");
        f.keep.init("v", v);
        f = life.restart(f::next, f);
        Vow<?> again = f.get("v");
        CompletableFuture<Object> once = again.shortener().shorten().toCompletableFuture();
        assertThat(once).isCompletedWithValue("payload");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReturnedFutureIsFollowed(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        CompletableFuture<String> later = new CompletableFuture<>();
        Vow<Object> v = f.vows.asVow(() -> later);
        later.complete("later");
        assertThat(settle(life, f, v)).isEqualTo("later");
    }
}
