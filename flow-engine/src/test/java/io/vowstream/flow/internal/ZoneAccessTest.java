package io.vowstream.flow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.ManualFlowScheduler;
import io.vowstream.flow.zone.DurableZone;
import io.vowstream.flow.zone.Kit;
import io.vowstream.flow.zone.KitSpec;
import io.vowstream.flow.zone.StateShape;
import io.vowstream.flow.zone.Zones;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The engine-side state accessor that the async-flow layer will use for kits. */
class ZoneAccessTest {
    interface Reader {
        long read();
    }

    static final InterfaceGuard READER_I = M.interfaceGuard("Reader").method("read", M.call().returns(M.nat()));

    @Test
    void stateOfAKitIsSharedByItsFacetsAndSurvivesARestart() {
        DurableZone z = Zones.durable(new ManualFlowScheduler());
        Supplier<KitSpec> spec = () -> KitSpec.empty()
                .facet("reader", READER_I, Reader.class, ctx -> () -> ctx.state().get("n", Long.class));
        Kit kit = z.exoClassKit("K", StateShape.empty().field("n", M.nat()), spec.get()).make(Map.of("n", 1L));
        ZoneAccess.stateOf(kit).set("n", 5L);
        Reader reader = kit.facet("reader", Reader.class);
        assertThat(reader.read()).isEqualTo(5);
        assertThat(ZoneAccess.stateOf(reader).get("n")).isEqualTo(5L);
        z.mapStore("keep").init("kit", kit);
        DurableZone next = Zones.restore(z.checkpoint(), new ManualFlowScheduler());
        next.exoClassKit("K", StateShape.empty().field("n", M.nat()), spec.get());
        Kit again = (Kit) next.mapStore("keep").get("kit");
        assertThat(ZoneAccess.stateOf(again).get("n")).isEqualTo(5L);
        assertThatThrownBy(() -> ZoneAccess.stateOf("text")).hasMessage("text is not an exo, kit or kit facet");
        assertThatThrownBy(() -> ZoneAccess.stateOf(again).set("n", -1))
                .hasMessage("state field 'n' of kind 'K': -1 (Integer) does not match nat");
    }
}
