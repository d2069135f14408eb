package io.vowstream.flow.async;

import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import io.vowstream.flow.vow.VowResolver;
import io.vowstream.flow.vow.VowTools;
import io.vowstream.flow.zone.ExoClass;
import io.vowstream.flow.zone.MapStore;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The definitions of one incarnation of an async-flow scenario: vow tools, async-flow tools with a
 * recording panic handler and a counting random source, the "Orchestra" host kind (whose answers
 * scale with a per-incarnation constant {@code k}), and a map store "keep" to find things again.
 */
final class FlowWorld {
    /** The host object of agoric's async-flow tests. */
    interface Orchestra {
        long scale(Object n);

        Vow<Object> vow();

        void resolve(@Nullable Object value);
    }

    /** Another host kind, for "swapped host object" and the bad-host scenario. */
    interface Step {
        long step(long n);

        long other(long n);

        @Nullable Object report(@Nullable Object value);
    }

    record Panic(AsyncFlow flow, Throwable problem) {}

    static final InterfaceGuard ORCHESTRA = M.interfaceGuard("Orchestra")
            .method("scale", M.call(M.any()))
            .method("vow", M.call())
            .method("resolve", M.call(M.any()));
    static final InterfaceGuard STEP = M.interfaceGuard("Step")
            .method("step", M.call(M.number()))
            .method("other", M.call(M.number()))
            .method("report", M.call(M.any()));

    final Zone root;
    final VowTools vows;
    final AsyncFlowTools flows;
    final ExoClass<Orchestra> orchestras;
    final ExoClass<Step> steps;
    final MapStore<String, Object> keep;
    final List<Panic> panics;
    final List<String> hostCalls;
    final AtomicLong random;

    FlowWorld(Zone root, long k, List<Panic> panics) {
        this(root, k, panics, AsyncFlowOptions.defaults().startEager());
    }

    FlowWorld(Zone root, long k, List<Panic> panics, boolean startEager) {
        this.root = root;
        this.panics = panics;
        this.hostCalls = new ArrayList<>();
        this.random = new AtomicLong(1000);
        this.vows = VowTools.prepare(root.subZone("vows"));
        this.flows = AsyncFlowTools.prepare(root.subZone("flows"), vows, new AsyncFlowOptions(startEager,
                (flow, problem) -> panics.add(new Panic(flow, problem)), random::incrementAndGet));
        this.orchestras = root.exoClass("Orchestra", ORCHESTRA, Orchestra.class,
                StateShape.empty().field("factor", M.nat()).field("vow", M.vow()).field("resolver", M.any()),
                ctx -> new Orchestra() {
                    @Override
                    public long scale(Object n) {
                        hostCalls.add("scale " + n);
                        if (!(n instanceof Integer i)) {
                            throw new IllegalArgumentException("scale needs an int, not " + n);
                        }
                        return k * ctx.state().get("factor", Long.class) * i;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Vow<Object> vow() {
                        return (Vow<Object>) ctx.state().get("vow", Vow.class);
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public void resolve(@Nullable Object value) {
                        ((VowResolver<Object>) ctx.state().get("resolver", VowResolver.class)).resolve(value);
                    }
                });
        this.steps = root.exoClass("Step", STEP, Step.class, StateShape.empty().field("name", M.string()),
                ctx -> new Step() {
                    @Override
                    public long step(long n) {
                        hostCalls.add(ctx.state().get("name") + ".step " + n);
                        return n + k;
                    }

                    @Override
                    public long other(long n) {
                        hostCalls.add(ctx.state().get("name") + ".other " + n);
                        return n * 100;
                    }

                    @Override
                    public @Nullable Object report(@Nullable Object value) {
                        hostCalls.add(ctx.state().get("name") + ".report " + value);
                        return null;
                    }
                });
        this.keep = root.mapStore("keep");
    }

    static FlowWorld first(Incarnations life, long k) {
        return new FlowWorld(life.root(), k, new ArrayList<>());
    }

    /** Restarts the zone tree (durable) with new definitions made by {@code define}, then wakes all flows. */
    static FlowWorld restart(Incarnations life, FlowWorld previous, long k,
            java.util.function.Consumer<FlowWorld> define) {
        FlowWorld next = life.restart(root -> {
            FlowWorld w = new FlowWorld(root, k, previous.panics);
            define.accept(w);
            return w;
        }, previous);
        next.flows.admin().wakeAll();
        life.scheduler().runUntilIdle();
        return next;
    }

    Orchestra orchestra(long factor, VowKit<?> kit) {
        return orchestras.make(Map.of("factor", factor, "vow", kit.vow(), "resolver", kit.resolver()));
    }

    Step step(String name) {
        return steps.make(Map.of("name", name));
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key) {
        return (T) keep.get(key);
    }
}
