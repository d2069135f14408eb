package io.vowstream.flow.internal;

import io.vowstream.flow.async.AsyncFlowTools;
import io.vowstream.flow.async.AsyncFlowZone;
import io.vowstream.flow.async.GuestFunction;
import io.vowstream.flow.async.HostFlow;
import io.vowstream.flow.async.KitFlows;
import io.vowstream.flow.async.KitGuest;
import io.vowstream.flow.async.StateAccessor;
import io.vowstream.flow.guard.MethodMark;
import io.vowstream.flow.zone.ExoKitClass;
import io.vowstream.flow.zone.KitSpec;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The async-flow aware view of one zone. */
final class AsyncFlowZoneImpl implements AsyncFlowZone {
    private final AsyncFlowEngine engine;
    private final ZoneImpl zone;

    AsyncFlowZoneImpl(AsyncFlowEngine engine, ZoneImpl zone) {
        this.engine = engine;
        this.zone = zone;
    }

    @Override
    public Zone zone() {
        return zone;
    }

    @Override
    public HostFlow asyncFlow(String tag, GuestFunction guest) {
        return engine.asyncFlow(zone, tag, guest);
    }

    @Override
    public ExoKitClass exoClassKit(String label, StateShape stateShape, KitSpec facets, KitFlows flows) {
        List<String> marked = new ArrayList<>();
        facets.facets().forEach((facet, f) -> f.guard().methods().forEach((method, g) -> {
            if (g.mark() == MethodMark.ASYNC_FLOW) {
                marked.add(facet + "." + method);
            }
        }));
        for (String m : marked) {
            if (!flows.flows().containsKey(m)) {
                throw new IllegalArgumentException("kit '" + label + "': method '" + m
                        + "' is marked M.asyncFlow but KitFlows has no body for it");
            }
        }
        for (String m : flows.flows().keySet()) {
            if (!marked.contains(m)) {
                throw new IllegalArgumentException("kit '" + label + "': KitFlows has a body for '" + m
                        + "', which is not a method marked M.asyncFlow (marked: " + marked + ")");
            }
        }
        Map<String, Object> flowMeta = new LinkedHashMap<>();
        flowMeta.put("version", (long) AsyncFlowTools.ENGINE_VERSION);
        flowMeta.put("methods", new ArrayList<>(marked));
        Map<String, HostFlow> hostFlows = new LinkedHashMap<>();
        ExoKitClass kind = zone.exoClassKitWithFlows(label, stateShape, facets, flowMeta,
                (kit, facet, method, args) -> {
                    HostFlow hf = hostFlows.get(facet + "." + method);
                    if (hf == null) {
                        throw new IllegalStateException("internal: no flow for " + label + "." + facet + "." + method);
                    }
                    Object[] all = new Object[args.length + 1];
                    all[0] = kit.facet(StateAccessorFacet.FACET);
                    System.arraycopy(args, 0, all, 1, args.length);
                    return hf.call(all);
                });
        flows.flows().forEach((key, body) -> hostFlows.put(key,
                engine.asyncFlow(zone, label + "." + key, kitGuest(body))));
        return kind;
    }

    private static GuestFunction kitGuest(KitGuest body) {
        return (ctx, args) -> {
            StateAccessor state = (StateAccessor) args.get(0);
            List<@Nullable Object> rest = args.subList(1, args.size());
            return body.run(ctx, state, rest);
        };
    }
}
