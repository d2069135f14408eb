package io.vowstream.benchmarks;

import io.vowstream.flow.Bytes;
import io.vowstream.flow.async.AsyncFlow;
import io.vowstream.flow.async.AsyncFlowOptions;
import io.vowstream.flow.async.AsyncFlowTools;
import io.vowstream.flow.async.FlowState;
import io.vowstream.flow.async.GuestFunction;
import io.vowstream.flow.async.HostFlow;
import io.vowstream.flow.async.PanicHandler;
import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.ManualFlowScheduler;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowResolver;
import io.vowstream.flow.vow.VowTools;
import io.vowstream.flow.zone.DurableZone;
import io.vowstream.flow.zone.ExoClass;
import io.vowstream.flow.zone.MapStore;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zone;
import io.vowstream.flow.zone.Zones;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared world of the flow benchmarks: one durable zone with vow tools, async-flow tools and a
 * trivial host ({@code Echo.step(x)} returns its argument), and the benchmark guest: {@code n}
 * sequential host steps with a payload, then an await of a vow that stays pending (the suspension
 * point a replay must reach).
 */
public final class FlowBench {
    private FlowBench() {}

    /** The host interface of the benchmarks. */
    public interface Echo {
        Object step(Object payload);
    }

    static final InterfaceGuard ECHO = M.interfaceGuard("Echo").method("step", M.call(M.any()));

    /** Payload kinds: 32 raw bytes, or a small JSON-like record of maps, lists, strings and numbers. */
    public enum Payload {
        BINARY, JSON;

        Object make(int i) {
            if (this == BINARY) {
                byte[] b = new byte[32];
                for (int k = 0; k < b.length; k++) {
                    b[k] = (byte) (i + k);
                }
                return Bytes.copyOf(b);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", i);
            m.put("name", "item-" + i);
            m.put("tags", List.of("a", "b"));
            m.put("price", 12.5);
            return m;
        }
    }

    /** One incarnation's definitions. */
    public static final class World {
        public final DurableZone root;
        public final ManualFlowScheduler scheduler;
        public final VowTools vows;
        public final AsyncFlowTools flows;
        public final ExoClass<Echo> echoes;
        public final MapStore<String, Object> keep;
        public final HostFlow flow;

        World(DurableZone root, ManualFlowScheduler scheduler, GuestFunction guest, boolean eager) {
            this(root, scheduler, guest, eager, false);
        }

        World(DurableZone root, ManualFlowScheduler scheduler, GuestFunction guest, boolean eager,
                boolean hostCallsOnGuestThread) {
            this.root = root;
            this.scheduler = scheduler;
            this.vows = VowTools.prepare(root.subZone("vows"));
            PanicHandler fail = (f, problem) -> {
                throw new IllegalStateException("benchmark flow panicked: " + problem.getMessage(), problem);
            };
            this.flows = AsyncFlowTools.prepare(root.subZone("flows"), vows,
                    AsyncFlowOptions.defaults().withPanicHandler(fail).withStartEager(eager)
                            .withHostCallsOnGuestThread(hostCallsOnGuestThread));
            this.echoes = root.exoClass("Echo", ECHO, Echo.class, StateShape.empty(), ctx -> x -> x);
            this.keep = root.mapStore("keep");
            this.flow = flows.asyncFlow(root, "bench", guest);
        }

        /** The activation kept under "outcome". */
        public AsyncFlow activation() {
            Vow<?> outcome = (Vow<?>) keep.get("outcome");
            return flows.admin().getFlowForOutcomeVow(outcome);
        }
    }

    /** The guest: {@code args = [echo, n, payloadKind, vow]}; n steps, then await the vow. */
    public static GuestFunction guest() {
        return (ctx, args) -> {
            Echo echo = (Echo) args.get(0);
            long n = (Long) args.get(1);
            Payload kind = Payload.valueOf((String) args.get(2));
            Object last = null;
            for (int i = 0; i < n; i++) {
                last = echo.step(kind.make(i));
            }
            @SuppressWarnings("unchecked") Vow<Object> v = (Vow<Object>) args.get(3);
            Object end = ctx.await(v);
            return last == null ? end : n;
        };
    }

    public static World fresh(boolean eager) {
        return fresh(eager, false);
    }

    public static World fresh(boolean eager, boolean hostCallsOnGuestThread) {
        ManualFlowScheduler s = new ManualFlowScheduler();
        return new World(Zones.durable(s), s, guest(), eager, hostCallsOnGuestThread);
    }

    /** Restores {@code checkpoint} and defines everything again (not resumed, not woken). */
    public static World restore(byte[] checkpoint, boolean eager) {
        ManualFlowScheduler s = new ManualFlowScheduler();
        return new World(Zones.restore(checkpoint, s), s, guest(), eager);
    }

    /** A checkpoint with one activation suspended after {@code n} logged steps. */
    public static byte[] record(int n, Payload payload) {
        World w = fresh(true);
        Echo echo = w.echoes.make(Map.of());
        VowKit<Object> end = w.vows.makeVowKit();
        w.keep.init("outcome", w.flow.call(echo, (long) n, payload.name(), end.vow()));
        w.keep.init("end", end.resolver());
        w.scheduler.runUntilIdle();
        requireState(w.activation(), FlowState.RUNNING);
        return w.root.checkpoint();
    }

    /** Resumes a restored world and replays every eager activation; returns the replayed one. */
    public static AsyncFlow replay(World w) {
        w.root.resume();
        w.flows.admin().wakeAll();
        w.scheduler.runUntilIdle();
        AsyncFlow a = w.activation();
        requireState(a, FlowState.RUNNING);
        return a;
    }

    /** Lets the replayed activation finish (resolves its pending vow). */
    @SuppressWarnings("unchecked")
    public static void finish(World w) {
        ((VowResolver<Object>) w.keep.get("end")).resolve("end");
        w.scheduler.runUntilIdle();
    }

    static void requireState(AsyncFlow a, FlowState expected) {
        if (a.getFlowState() != expected) {
            throw new IllegalStateException(a + " is " + a.getFlowState() + ", expected " + expected
                    + (a.getOptFatalProblem() == null ? "" : ": " + a.getOptFatalProblem()));
        }
    }

    static List<Object> payloads(Payload p, int n) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(p.make(i));
        }
        return out;
    }

    static Zone zoneOf(World w) {
        return w.root;
    }
}
