package io.vowstream.flow.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.Bytes;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatternTest {
    record Point(int x, int y) {}

    record Named(String name) {}

    @Test
    void leafPatternsAcceptTheirTypesOnly() {
        assertThat(M.string().matches("a")).isTrue();
        assertThat(M.string().matches(1)).isFalse();
        assertThat(M.number().matches(1.5)).isTrue();
        assertThat(M.number().matches(BigInteger.TEN)).isTrue();
        assertThat(M.number().matches("1")).isFalse();
        assertThat(M.nat().matches(0)).isTrue();
        assertThat(M.nat().matches(-1L)).isFalse();
        assertThat(M.nat().matches(BigInteger.valueOf(-3))).isFalse();
        assertThat(M.nat().matches(2.0)).isFalse();
        assertThat(M.bool().matches(true)).isTrue();
        assertThat(M.bool().matches("true")).isFalse();
        assertThat(M.bytes().matches(Bytes.copyOf(new byte[] {1}))).isTrue();
        assertThat(M.bytes().matches(new byte[] {1})).isTrue();
        assertThat(M.bytes().matches(List.of((byte) 1))).isFalse();
        assertThat(M.nul().matches(null)).isTrue();
        assertThat(M.nul().matches(0)).isFalse();
        assertThat(M.any().matches(null)).isTrue();
    }

    @Test
    void compositePatternsCheckEveryElement() {
        assertThat(M.listOf(M.nat()).matches(List.of(1, 2, 3))).isTrue();
        assertThat(M.listOf(M.nat()).mismatch(List.of(1, -2))).isEqualTo("element [1]: -2 (Integer) does not match nat");
        assertThat(M.setOf(M.string()).matches(Set.of("a"))).isTrue();
        assertThat(M.setOf(M.string()).matches(List.of("a"))).isFalse();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", "x");
        assertThat(M.mapOf(M.string(), M.nat()).mismatch(m)).isEqualTo("map value for key \"b\": \"x\" does not match nat");
        assertThat(M.mapOf(M.string(), M.any()).matches(m)).isTrue();
    }

    @Test
    void optionalAndAlternatives() {
        Pattern p = M.opt(M.string());
        assertThat(p.matches(null)).isTrue();
        assertThat(p.matches("s")).isTrue();
        assertThat(p.matches(3)).isFalse();
        Pattern or = M.or(M.string(), M.nat());
        assertThat(or.matches("s")).isTrue();
        assertThat(or.matches(3)).isTrue();
        assertThat(or.mismatch(-3)).isEqualTo("-3 (Integer) does not match or(string | nat)");
        assertThat(M.eq("yes").matches("yes")).isTrue();
        assertThat(M.eq("yes").matches("no")).isFalse();
    }

    @Test
    void recordPatternsCheckClassAndNamedComponents() {
        Pattern p = M.record(Point.class, Map.of("x", M.nat()));
        assertThat(p.matches(new Point(1, -5))).isTrue();
        assertThat(p.mismatch(new Point(-1, 0))).isEqualTo("component 'x': -1 (Integer) does not match nat");
        assertThat(p.matches(new Named("n"))).isFalse();
        assertThat(M.record().matches(new Named("n"))).isTrue();
        assertThat(M.record().matches("n")).isFalse();
        assertThatThrownBy(() -> M.record(Point.class, Map.of("z", M.any())))
                .hasMessage("record Point has no component 'z'");
    }

    @Test
    void remotableRejectsPlainObjects() {
        assertThat(M.remotable().mismatch("s")).isEqualTo("\"s\" is not a remotable object");
        assertThat(M.remotable("Greeter").matches(new Object())).isFalse();
    }

    @Test
    void describeIsStableText() {
        assertThat(M.mapOf(M.string(), M.listOf(M.opt(M.nat()))).describe()).isEqualTo("map<string, list<opt(nat)>>");
        assertThat(M.record(Point.class, Map.of("x", M.nat())).describe())
                .isEqualTo("record " + Point.class.getName() + "{x: nat}");
        assertThat(M.remotable("Greeter").describe()).isEqualTo("remotable(Greeter)");
    }

    @Test
    void mustMatchNamesTheThing() {
        assertThatThrownBy(() -> M.nat().mustMatch("x", "field 'count'"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'count': \"x\" does not match nat");
    }

    @Test
    void methodGuardChecksCountsOptionalsAndRest() {
        InterfaceGuard g = M.interfaceGuard("Calc")
                .method("add", M.call(M.nat(), M.nat()).returns(M.nat()))
                .method("log", M.call(M.string()).optional(M.nat()).rest(M.string()));
        g.checkCall("add", new Object[] {1, 2}, null);
        g.checkCall("log", new Object[] {"a"}, null);
        g.checkCall("log", new Object[] {"a", null}, null);
        g.checkCall("log", new Object[] {"a", 1, "b", "c"}, null);
        assertThatThrownBy(() -> g.checkCall("add", new Object[] {1}, null))
                .isInstanceOf(GuardViolationException.class)
                .hasMessage("Calc.add: expects at least 2 argument(s) but got 1");
        assertThatThrownBy(() -> g.checkCall("add", new Object[] {1, 2, 3}, null))
                .hasMessage("Calc.add: expects at most 2 argument(s) but got 3");
        assertThatThrownBy(() -> g.checkCall("log", new Object[] {"a", 1, 2}, null))
                .hasMessage("Calc.log: argument 2: 2 (Integer) does not match string");
        assertThatThrownBy(() -> g.checkResult("add", -1))
                .hasMessage("Calc.add: result: -1 (Integer) does not match nat");
        assertThatThrownBy(() -> g.checkCall("sub", new Object[0], null))
                .hasMessage("Calc.sub: method has no guard in interface 'Calc'");
    }

    @Test
    void asyncFlowMarkIsReservedAndReturnsVow() {
        MethodGuard g = M.asyncFlow(M.string());
        assertThat(g.mark()).isEqualTo(MethodMark.ASYNC_FLOW);
        assertThat(g.result().describe()).isEqualTo("vow");
        assertThat(g.toString()).isEqualTo("asyncFlow(string) -> vow");
        assertThatThrownBy(() -> g.returns(M.string())).hasMessageContaining("always returns a vow");
        assertThat(M.call(M.nat()).mark()).isEqualTo(MethodMark.CALL);
    }

    @Test
    void asyncFlowWrapsACallGuardKeepingItsArguments() {
        MethodGuard g = M.asyncFlow(M.call(M.nat()).optional(M.string()).returns(M.nat()));
        assertThat(g.toString()).isEqualTo("asyncFlow(nat, ?string) -> vow");
        assertThat(M.asyncFlow(g)).isSameAs(g);
        assertThat(M.asyncFlow(M.call().rest(M.any())).restArguments()).isEqualTo(M.any());
    }

    @Test
    void violationCarriesItsParts() {
        GuardViolationException e = new GuardViolationException("I", "m", 2, "bad");
        assertThat(e.interfaceName()).isEqualTo("I");
        assertThat(e.methodName()).isEqualTo("m");
        assertThat(e.argumentIndex()).isEqualTo(2);
        assertThat(e).hasMessage("I.m: bad");
    }
}
