package io.vowstream.flow.vow;

import static io.vowstream.flow.vow.VowTestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.disconnect.DisconnectionReason;
import io.vowstream.flow.fixtures.Fixture;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.testing.Incarnations.Kind;
import io.vowstream.flow.zone.NotStorableException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/** Vows as values (storable, comparable) and the bridges to futures and Monos. */
class VowValueTest {

    record Order(String id, Vow<Object> payment) {}

    @ParameterizedTest
    @EnumSource(Kind.class)
    void vowsAndResolversAreStorableInsideRecordsAndCollections(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> kit = f.vows.makeVowKit();
        f.keep.init("order", new Order("o-1", kit.vow()));
        f.keep.init("resolvers", List.of(kit.resolver()));
        f.keep.init("kit", kit);
        f = life.restart(f::next, f);
        Order order = f.get("order");
        List<VowResolver<Object>> resolvers = f.get("resolvers");
        VowKit<Object> storedKit = f.get("kit");
        assertThat(storedKit.vow()).isEqualTo(order.payment());
        assertThat(storedKit.vow().hashCode()).isEqualTo(order.payment().hashCode());
        resolvers.get(0).resolve("paid");
        assertThat(settle(life, f, order.payment())).isEqualTo("paid");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aStageLostByARestartRejectsTheVowAsAnUpgrade(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> kit = f.vows.makeVowKit();
        CompletableFuture<Object> external = new CompletableFuture<>();
        kit.resolver().resolve(external);
        f.keep.init("v", kit.vow());
        f = life.restart(f::next, f);
        life.scheduler().runAll();
        external.complete("too late for a durable zone");
        Object outcome = settle(life, f, f.get("v"));
        if (life.isDurable()) {
            assertThat(outcome).isEqualTo("rejected: disconnected: host upgraded to incarnation 1");
        } else {
            assertThat(outcome).isEqualTo("too late for a durable zone");
        }
    }

    @Test
    void aVowHostedElsewhereNeedsADurableShortenerInADurableZone() {
        Incarnations life = Incarnations.start(Kind.DURABLE);
        Fixture f = new Fixture(life.root());
        Vow<Object> remote = Vow.of(() -> CompletableFuture.completedFuture("remote"));
        assertThat(settle(life, f, remote)).isEqualTo("remote");
        assertThatThrownBy(() -> f.keep.init("remote", remote))
                .isInstanceOf(NotStorableException.class)
                .hasMessageContaining("(shortener of Vow[");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void whenDoesNotRetryTheOriginalSpecimen(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        CompletableFuture<Object> failed = CompletableFuture.failedFuture(
                new DisconnectedException(new DisconnectionReason.HostTerminated("h")));
        assertThat(settle(life, f, failed)).isEqualTo("rejected: disconnected: host 'h' terminated");
        assertThat(settle(life, f, "plain")).isEqualTo("plain");
        assertThat(settle(life, f, null)).isNull();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void whenHandlersMayBeOmitted(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        CompletableFuture<Object> passValue = f.vows.when("v", null, e -> "caught");
        CompletableFuture<Object> passError = f.vows.when(
                CompletableFuture.failedFuture(new IllegalStateException("x")), v -> "value", null);
        CompletableFuture<Object> brokenHandler = f.vows.when("v", v -> {
            throw new IllegalStateException("handler broke");
        }, null);
        life.scheduler().runAll();
        assertThat(passValue).isCompletedWithValue("v");
        assertThat(passError).isCompletedExceptionally();
        assertThatThrownBy(passError::join).hasRootCauseMessage("x");
        assertThatThrownBy(brokenHandler::join).hasRootCauseMessage("handler broke");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void toMonoShortensOnSubscribe(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        VowKit<Object> outer = f.vows.makeVowKit();
        VowKit<Object> inner = f.vows.makeVowKit();
        outer.resolver().resolve(inner.vow());
        inner.resolver().resolve("end of chain");
        AtomicInteger subscribed = new AtomicInteger();
        var mono = f.vows.toMono(outer.vow()).doOnSubscribe(s -> subscribed.incrementAndGet());
        assertThat(subscribed).hasValue(0);
        StepVerifier.create(mono)
                .then(() -> life.scheduler().runAll())
                .expectNext("end of chain")
                .verifyComplete();
        CompletableFuture<Object> future = f.vows.toCompletableFuture(outer.vow());
        life.scheduler().runAll();
        assertThat(future).isCompletedWithValue("end of chain");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void asPromiseWatchesThenWaits(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Fixture f = new Fixture(life.root());
        var r = io.vowstream.flow.fixtures.Recorder.make(f.recorders);
        CompletableFuture<Object> p = f.vows.asPromise(CompletableFuture.completedFuture(5), r, "ctx");
        life.scheduler().runAll();
        assertThat(p).isCompletedWithValue(5);
        assertThat(r.calls()).containsExactly(new io.vowstream.flow.fixtures.Recorder.Call("fulfilled", 5, List.of("ctx")));
    }

    @Test
    void vowToStringAndEqualityFollowTheShortener() {
        Vow.Shortener s = () -> CompletableFuture.completedFuture(1);
        assertThat(Vow.of(s)).isEqualTo(Vow.of(s));
        assertThat(Vow.of(s)).isNotEqualTo(Vow.of(() -> CompletableFuture.completedFuture(1)));
        assertThatThrownBy(() -> Vow.of(null)).hasMessage("shortener");
    }

    @Test
    void vowToolsMustBePreparedAgainBeforeResuming() {
        Incarnations life = Incarnations.start(Kind.DURABLE);
        Fixture f = new Fixture(life.root());
        f.keep.init("v", f.vows.makeVowKit().vow());
        assertThatThrownBy(() -> life.restart(root -> root.mapStore("keep"), f.keep))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("in incarnation 1: 'root/vows:VowInternalsKit' (1 objects)");
    }

    @Test
    void aDurableWatchRefusesToFollowAVowItCannotStore() {
        Incarnations life = Incarnations.start(Kind.DURABLE);
        Fixture f = new Fixture(life.root());
        Vow<Object> remote = Vow.of(() -> CompletableFuture.completedFuture("remote"));
        Vow<Object> watched = f.vows.watch(CompletableFuture.completedFuture(remote));
        assertThat((String) settle(life, f, watched)).startsWith("rejected: state field 'vow' of PromiseWatcher#").contains("(shortener of Vow[");
        Incarnations heap = Incarnations.start(Kind.HEAP);
        Fixture h = new Fixture(heap.root());
        assertThat(settle(heap, h, h.vows.watch(CompletableFuture.completedFuture(remote)))).isEqualTo("remote");
    }
}
