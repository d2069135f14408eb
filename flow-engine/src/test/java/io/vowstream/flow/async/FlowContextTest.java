package io.vowstream.flow.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The logged replacements for time, randomness and side effects, and getVersion's rules. */
class FlowContextTest {
    private final List<Object> observed = new ArrayList<>();
    private int effects;

    private GuestFunction guest() {
        return (ctx, args) -> {
            observed.add(ctx.now());
            observed.add(ctx.randomLong());
            observed.add(ctx.randomUUID());
            observed.add(ctx.sideEffect("count", () -> ++effects));
            observed.add(ctx.tag());
            @SuppressWarnings("unchecked") Vow<Object> v = (Vow<Object>) args.get(0);
            return ctx.await(v);
        };
    }

    @Test
    void timeRandomnessAndSideEffectsAreLoggedAndReplayedFromTheLog() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        life.scheduler().advance(Duration.ofSeconds(5));
        FlowWorld w1 = FlowWorld.first(life, 1);
        w1.flows.asyncFlow(w1.root, "ctx", guest());
        VowKit<Object> kit = w1.vows.makeVowKit();
        Vow<Object> outcome = w1.flows.asyncFlow(w1.root.subZone("s"), "ctx", guest()).call(kit.vow());
        life.scheduler().runUntilIdle();
        List<Object> first = List.copyOf(observed);
        assertThat(first.get(0)).isEqualTo(Instant.EPOCH.plusSeconds(5));
        assertThat(first.get(1)).isEqualTo(1001L);
        assertThat(first.get(3)).isEqualTo(1);
        assertThat(first.get(4)).isEqualTo("ctx");
        assertThat(w1.flows.admin().getFlowForOutcomeVow(outcome).dump()).hasSize(8);
        w1.keep.init("outcome", outcome);
        w1.keep.init("kit", kit.resolver());

        observed.clear();
        life.scheduler().advance(Duration.ofHours(1));
        FlowWorld w2 = FlowWorld.restart(life, w1, 1, w -> {
            w.random.set(5_000);
            w.flows.asyncFlow(w.root, "ctx", guest());
            w.flows.asyncFlow(w.root.subZone("s"), "ctx", guest());
        });
        assertThat(observed).as("the replay sees the logged values, not new ones").isEqualTo(first);
        assertThat(effects).as("the side effect ran once").isEqualTo(1);
        w2.<VowResolver<Object>>get("kit").resolve("end");
        CompletableFuture<Object> r = w2.vows.when(w2.get("outcome"));
        life.scheduler().runUntilIdle();
        assertThat(r).isCompletedWithValue("end");
        assertThat(w2.panics).isEmpty();
    }

    @Test
    void getVersionRecordsTheMaximumForNewActivationsAndRefusesUnsupportedRecordedVersions() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        FlowWorld w1 = FlowWorld.first(life, 1);
        GuestFunction v2 = (ctx, args) -> {
            observed.add(ctx.getVersion("change", FlowContext.DEFAULT_VERSION, 2));
            @SuppressWarnings("unchecked") Vow<Object> v = (Vow<Object>) args.get(0);
            return ctx.await(v);
        };
        Vow<Object> outcome = w1.flows.asyncFlow(w1.root, "versioned", v2).call(w1.vows.makeVowKit().vow());
        life.scheduler().runUntilIdle();
        assertThat(observed).containsExactly(2);
        w1.keep.init("outcome", outcome);

        // The next code no longer supports version 2: the recorded version is refused loudly.
        FlowWorld w2 = FlowWorld.restart(life, w1, 1, w -> w.flows.asyncFlow(w.root, "versioned", (ctx, args) -> {
            ctx.getVersion("change", 3, 4);
            return null;
        }));
        assertThat(w2.panics).hasSize(1);
        assertThat(w2.panics.get(0).problem())
                .hasMessage("change 'change': recorded version 2 is outside the supported [3, 4]");

        // And code requiring a version the activation predates is refused too.
        FlowWorld w3 = FlowWorld.restart(life, w2, 1, w -> w.flows.asyncFlow(w.root, "versioned", (ctx, args) -> {
            ctx.getVersion("other", 1, 1);
            return null;
        }));
        assertThat(w3.panics).hasSize(2);
        assertThat(w3.panics.get(1).problem().getMessage())
                .isEqualTo("replay 0: change 'other' needs version >= 1, but this activation predates it");
    }
}
