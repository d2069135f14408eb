package io.vowstream.flow.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.guard.GuardViolationException;
import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.testing.Incarnations.Kind;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Guards over references: remotable(...) accepts exos and kit facets of the named interface only. */
class RemotableGuardTest {
    interface Greeter {
        String greet(String name);
    }

    interface Introducer {
        String introduce(Object greeter, String name);
    }

    static final InterfaceGuard GREETER_I = M.interfaceGuard("Greeter")
            .method("greet", M.call(M.string()).returns(M.string()));

    @ParameterizedTest
    @EnumSource(Kind.class)
    void remotablePatternsAcceptZoneObjectsOfTheRightInterface(Kind kind) {
        Zone z = Incarnations.start(kind).root();
        Greeter plain = z.exo("greeter", GREETER_I, Greeter.class, n -> "hi " + n);
        Kit kit = z.exoClassKit("Kit", StateShape.empty(), KitSpec.empty()
                .facet("greeter", GREETER_I, Greeter.class, ctx -> n -> "kit hi " + n)).make(Map.of());
        Greeter other = z.exo("other", M.interfaceGuard("NotGreeter").method("greet", M.call(M.string())),
                Greeter.class, n -> n);
        Introducer intro = z.exo("intro", M.interfaceGuard("Introducer")
                        .method("introduce", M.call(M.remotable("Greeter"), M.string()).returns(M.string())),
                Introducer.class, (g, n) -> ((Greeter) g).greet(n));
        assertThat(intro.introduce(plain, "a")).isEqualTo("hi a");
        assertThat(intro.introduce(kit.facet("greeter", Greeter.class), "b")).isEqualTo("kit hi b");
        assertThatThrownBy(() -> intro.introduce(other, "c"))
                .isInstanceOf(GuardViolationException.class)
                .hasMessage("Introducer.introduce: argument 0 (greeter): remotable with interface 'NotGreeter' "
                        + "does not match remotable(Greeter)");
        assertThatThrownBy(() -> intro.introduce((Greeter) n -> n, "d"))
                .hasMessageStartingWith("Introducer.introduce: argument 0 (greeter): ")
                .hasMessageEndingWith("is not a remotable object");
        assertThat(M.remotable().matches(kit.facet("greeter", Greeter.class))).isTrue();
        assertThat(plain).isEqualTo(plain).isNotEqualTo(other);
        assertThat(plain.toString()).isEqualTo("greeter#1");
        assertThat(kit.facetNames()).containsExactly("greeter");
        assertThatThrownBy(() -> kit.facet("admin", Greeter.class))
                .hasMessage("kit 'Kit' has no facet 'admin' (facets: [greeter])");
        ExoClass<Greeter> greeters = z.exoClass("G", GREETER_I, Greeter.class, StateShape.empty(), ctx -> null);
        assertThatThrownBy(() -> greeters.make(Map.of()).greet("x"))
                .hasMessageContaining("behaviour of kind 'G' returned null");
    }
}
