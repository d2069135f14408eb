package io.vowstream.flow.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.async.FlowWorld.Orchestra;
import io.vowstream.flow.async.FlowWorld.Step;
import io.vowstream.flow.testing.ManualFlowScheduler;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowResolver;
import io.vowstream.flow.zone.DurableZone;
import io.vowstream.flow.zone.Kit;
import io.vowstream.flow.zone.Zones;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Golden replay tests: checkpoints with suspended activations, recorded once and kept in
 * {@code src/test/resources/golden/}, are restored and replayed by today's engine and guest code on
 * every build. A change that breaks replay compatibility (log format, checkpoint format, membrane
 * rules) fails here. To re-record on purpose, see {@code golden/README.md}.
 */
class GoldenReplayTest {
    static final boolean RECORD = Boolean.getBoolean("vowstream.golden.record");

    static GuestFunction orchestraGuest() {
        return (ctx, args) -> {
            Orchestra o = (Orchestra) args.get(0);
            @SuppressWarnings("unchecked") Vow<Object> g1 = (Vow<Object>) args.get(1);
            @SuppressWarnings("unchecked") Vow<Object> p3 = (Vow<Object>) args.get(2);
            Object x = ctx.await(g1);
            Vow<Object> p2 = o.vow();
            long a = o.scale(3);
            try {
                o.scale(9.5);
            } catch (IllegalArgumentException e) {
                a += 1000;
            }
            Object y = ctx.await(p2);
            try {
                ctx.await(p3);
            } catch (IllegalStateException e) {
                return x + "/" + y + "/" + a + "/" + e.getMessage();
            }
            return "p3 fulfilled";
        };
    }

    static GuestFunction contextGuest() {
        return (ctx, args) -> {
            Step s = (Step) args.get(0);
            int version = ctx.getVersion("golden-change", FlowContext.DEFAULT_VERSION, 1);
            long r = ctx.randomLong();
            String t = ctx.now().toString();
            Object e = ctx.sideEffect("effect", () -> List.of("effect", 1, Map.of("k", true)));
            s.report(List.of(version, r, t, e, new IllegalStateException("report")));
            @SuppressWarnings("unchecked") Vow<Object> v = (Vow<Object>) args.get(1);
            return List.of(version, r, t, e, ctx.await(v));
        };
    }

    private static byte[] load(String name) {
        try (InputStream in = GoldenReplayTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + name + " is missing: record it with "
                        + "-Dvowstream.golden.record=true (see src/test/resources/golden/README.md)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void save(String name, byte[] data) {
        try {
            Path dir = Path.of("src/test/resources/golden");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FlowWorld defineAll(DurableZone root) {
        FlowWorld w = new FlowWorld(root, 1, new ArrayList<>());
        w.flows.asyncFlow(root, "orchestra", orchestraGuest());
        w.flows.asyncFlow(root, "context", contextGuest());
        AsyncFlowKitTest.define(w);
        return w;
    }

    /** Life 1 of every golden scenario, up to the checkpoint. */
    private static byte[] recordCheckpoint() {
        ManualFlowScheduler scheduler = new ManualFlowScheduler();
        DurableZone root = Zones.durable(scheduler);
        FlowWorld w = new FlowWorld(root, 1, new ArrayList<>());
        HostFlow orchestra = w.flows.asyncFlow(root, "orchestra", orchestraGuest());
        HostFlow context = w.flows.asyncFlow(root, "context", contextGuest());
        Kit counter = AsyncFlowKitTest.define(w).make(Map.of("count", 10L));
        VowKit<Object> k1 = w.vows.makeVowKit();
        VowKit<Object> k2 = w.vows.makeVowKit();
        VowKit<Object> k3 = w.vows.makeVowKit();
        w.keep.init("orchestra", orchestra.call(w.orchestra(7, k2), k1.vow(), k3.vow()));
        k1.resolver().resolve("x");
        w.keep.init("k2", k2.resolver());
        w.keep.init("k3", k3.resolver());
        VowKit<Object> cv = w.vows.makeVowKit();
        w.keep.init("context", context.call(w.step("s"), cv.vow()));
        w.keep.init("cv", cv.resolver());
        VowKit<Long> amount = w.vows.makeVowKit();
        w.keep.init("counter", counter.facet("counter", AsyncFlowKitTest.Counter.class).addLater(amount.vow()));
        w.keep.init("amount", amount.resolver());
        w.keep.init("kit", counter);
        scheduler.runUntilIdle();
        assertThat(w.panics).isEmpty();
        return root.checkpoint();
    }

    @Test
    void recordedCheckpointsReplayWithTodaysEngineAndCode() {
        if (RECORD) {
            save("suspended-flows.vowz", recordCheckpoint());
        }
        ManualFlowScheduler scheduler = new ManualFlowScheduler();
        DurableZone root = Zones.restore(load("suspended-flows.vowz"), scheduler);
        FlowWorld w = defineAll(root);
        root.resume();
        w.flows.admin().wakeAll();
        scheduler.runUntilIdle();
        assertThat(w.panics).as("replay of the golden logs").isEmpty();
        for (String key : List.of("orchestra", "context", "counter")) {
            Vow<Object> outcome = w.get(key);
            assertThat(w.flows.admin().getFlowForOutcomeVow(outcome).getFlowState()).as(key)
                    .isEqualTo(FlowState.RUNNING);
        }
        assertThat(w.hostCalls).as("replays never call the host").isEmpty();
        assertThat(w.flows.admin().getFlowForOutcomeVow(w.get("orchestra")).dump()).hasSize(7);

        w.<VowResolver<Object>>get("k2").resolve("y");
        w.<VowResolver<Object>>get("k3").reject(new IllegalStateException("done"));
        w.<VowResolver<Object>>get("cv").resolve("cv");
        w.<VowResolver<Long>>get("amount").resolve(5L);
        CompletableFuture<Object> orchestra = w.vows.when(w.get("orchestra"));
        CompletableFuture<Object> context = w.vows.when(w.get("context"));
        CompletableFuture<Object> counter = w.vows.when(w.get("counter"));
        scheduler.runUntilIdle();
        assertThat(orchestra).isCompletedWithValue("x/y/1021/done");
        assertThat(context).isCompletedWithValue(List.of(1, 1001L, "1970-01-01T00:00:00Z",
                List.of("effect", 1, Map.of("k", true)), "cv"));
        assertThat(counter).isCompletedWithValue(15L);
        Kit kit = w.get("kit");
        assertThat(kit.facet("counter", AsyncFlowKitTest.Counter.class).value()).isEqualTo(15L);
    }

    @Test
    void theEntryEncodingIsStable() {
        ManualFlowScheduler scheduler = new ManualFlowScheduler();
        DurableZone root = Zones.durable(scheduler);
        FlowWorld w = new FlowWorld(root, 1, new ArrayList<>());
        Step s = w.step("s");
        VowKit<Object> kit = w.vows.makeVowKit();
        List<LogEntry> entries = List.of(new LogEntry.StartGeneration(2),
                new LogEntry.CheckCall(s, "step", List.of(5L), 0), new LogEntry.DoReturn(0, 6L),
                new LogEntry.DoThrow(2, new IllegalArgumentException("bad")),
                new LogEntry.DoFulfill(kit.vow(), Map.of("a", List.of(1, "b"))),
                new LogEntry.DoReject(kit.vow(), new IllegalStateException("no")));
        StringBuilder hex = new StringBuilder();
        for (LogEntry e : entries) {
            hex.append(e.kind()).append(' ').append(HexFormat.of().formatHex(w.flows.encodeEntry(e))).append('\n');
        }
        if (RECORD) {
            save("entries.txt", hex.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(hex.toString()).isEqualTo(new String(load("entries.txt"), java.nio.charset.StandardCharsets.UTF_8));
    }
}
