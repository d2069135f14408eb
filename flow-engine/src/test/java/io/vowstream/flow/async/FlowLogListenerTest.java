package io.vowstream.flow.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowResolver;
import io.vowstream.flow.vow.VowTools;
import io.vowstream.flow.zone.MapStore;
import io.vowstream.flow.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log listener sees each visible entry once, as appended, with a flow id that survives restarts. */
class FlowLogListenerTest {
    record Seen(String flowId, long index, LogEntry entry) {}

    private final List<Seen> seen = new ArrayList<>();

    private AsyncFlowTools tools(Zone root) {
        VowTools vows = VowTools.prepare(root.subZone("vows"));
        AsyncFlowOptions options = new AsyncFlowOptions(true, (f, p) -> {}, () -> 7L)
                .withLogListener((flow, flowId, index, entry) -> seen.add(new Seen(flowId, index, entry)));
        AsyncFlowTools flows = AsyncFlowTools.prepare(root.subZone("flows"), vows, options);
        flows.asyncFlow(root, "job", (ctx, args) -> {
            long r = ctx.randomLong();
            @SuppressWarnings("unchecked") Vow<String> v = (Vow<String>) args.get(0);
            return ctx.await(v) + r;
        });
        return flows;
    }

    @Test
    void entriesAreReportedOnceInLogOrderAndNotAgainOnReplay() {
        Incarnations life = Incarnations.start(Incarnations.Kind.DURABLE);
        Zone root = life.root();
        VowTools vows = VowTools.prepare(root.subZone("vows"));
        AsyncFlowTools flows = AsyncFlowTools.prepare(root.subZone("flows"), vows,
                new AsyncFlowOptions(true, (f, p) -> {}, () -> 7L)
                        .withLogListener((flow, flowId, index, entry) -> seen.add(new Seen(flowId, index, entry))));
        HostFlow job = flows.asyncFlow(root, "job", (ctx, args) -> {
            long r = ctx.randomLong();
            @SuppressWarnings("unchecked") Vow<String> v = (Vow<String>) args.get(0);
            return ctx.await(v) + r;
        });
        VowKit<String> kit = vows.makeVowKit();
        Vow<Object> outcome = job.call(kit.vow());
        MapStore<String, Object> keep = root.mapStore("keep");
        keep.init("resolver", kit.resolver());
        keep.init("outcome", outcome);
        life.scheduler().runUntilIdle();
        List<LogEntry> dump = flows.admin().getFlowForOutcomeVow(outcome).dump();
        assertThat(seen).extracting(Seen::entry).containsExactlyElementsOf(dump);
        assertThat(seen).extracting(Seen::index).containsExactly(0L, 1L);
        String flowId = seen.getFirst().flowId();
        int before = seen.size();

        AsyncFlowTools next = life.restart(this::tools, flows);
        next.admin().wakeAll();
        life.scheduler().runUntilIdle();
        assertThat(seen).hasSize(before); // the replay appended nothing
        @SuppressWarnings("unchecked") VowResolver<String> r =
                (VowResolver<String>) life.root().mapStore("keep").get("resolver");
        r.resolve("x");
        life.scheduler().runUntilIdle();

        assertThat(seen.subList(before, seen.size())).singleElement().satisfies(s -> {
            assertThat(s.flowId()).isEqualTo(flowId);
            assertThat(s.index()).isEqualTo(2L);
            assertThat(s.entry()).isInstanceOf(LogEntry.DoFulfill.class);
        });
    }
}
