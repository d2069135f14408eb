package io.vowstream.flow.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.guard.GuardViolationException;
import io.vowstream.flow.guard.InterfaceGuard;
import io.vowstream.flow.guard.M;
import io.vowstream.flow.testing.Incarnations;
import io.vowstream.flow.testing.Incarnations.Kind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Conformance of exos, kits, stores and labels (agoric.md §4.3 exos.test), heap and durable. */
class ExoZoneTest {
    interface Greeter {
        String greet(String name);
    }

    interface Admin {
        void setGreeting(String greeting);
    }

    interface Counter {
        long increment(long by);

        long value();
    }

    static final InterfaceGuard GREETER_I = M.interfaceGuard("Greeter")
            .method("greet", M.call(M.string()).returns(M.string()));
    static final InterfaceGuard ADMIN_I = M.interfaceGuard("GreeterAdmin")
            .method("setGreeting", M.call(M.string()));
    static final InterfaceGuard COUNTER_I = M.interfaceGuard("Counter")
            .method("increment", M.call(M.nat()).returns(M.nat()))
            .method("value", M.call().returns(M.nat()));

    /** The program's definitions, made again in every incarnation. */
    static final class Defs {
        final Zone root;
        final Greeter singleton;
        final ExoClass<Greeter> greeters;
        final ExoKitClass greeterKits;
        final ExoClass<Counter> counters;
        final MapStore<String, Object> mappish;
        final SetStore<Object> setish;
        final Zone sub;
        final Zone subsub;

        Defs(Zone root) {
            this.root = root;
            this.singleton = root.exo("a", GREETER_I, Greeter.class, name -> "Hello, " + name + "!");
            this.greeters = root.exoClass("Greeter", GREETER_I, Greeter.class,
                    StateShape.empty().field("greeting", M.string()),
                    ctx -> name -> ctx.state().get("greeting") + ", " + name + "!");
            this.greeterKits = root.exoClassKit("GreeterKit", StateShape.empty().field("greeting", M.string()),
                    KitSpec.empty()
                            .facet("greeter", GREETER_I, Greeter.class,
                                    ctx -> name -> ctx.state().get("greeting") + ", " + name + "!")
                            .facet("admin", ADMIN_I, Admin.class,
                                    ctx -> g -> ctx.state().set("greeting", g)));
            this.counters = root.exoClass("Counter", COUNTER_I, Counter.class,
                    StateShape.empty().field("count", M.nat()),
                    ctx -> new Counter() {
                        @Override
                        public long increment(long by) {
                            long next = ctx.state().get("count", Long.class) + by;
                            ctx.state().set("count", next);
                            return next;
                        }

                        @Override
                        public long value() {
                            return ctx.state().get("count", Long.class);
                        }
                    });
            this.mappish = root.mapStore("mappish");
            this.setish = root.setStore("setish");
            this.sub = root.subZone("sub");
            this.subsub = sub.subZone("subsub");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void objectsWorkAndAreFoundAgainInTheNextIncarnation(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Defs d = new Defs(life.root());
        assertThat(d.singleton.greet("World")).isEqualTo("Hello, World!");
        Greeter g = d.greeters.make(Map.of("greeting", "Hi"));
        Kit kit = d.greeterKits.make(Map.of("greeting", "Hey"));
        kit.facet("admin", Admin.class).setGreeting("Howdy");
        Counter c = d.counters.make(Map.of("count", 1L));
        c.increment(2);
        d.mappish.init("greeter", g);
        d.mappish.init("kit", kit);
        d.mappish.init("kitGreeter", kit.facet("greeter", Greeter.class));
        d.mappish.init("counter", c);
        d.setish.add(c);
        d.subsub.mapStore("deep").init("x", List.of(1, "two"));

        Defs d2 = life.restart(Defs::new, d);
        Greeter g2 = (Greeter) d2.mappish.get("greeter");
        assertThat(g2.greet("you")).isEqualTo("Hi, you!");
        Kit kit2 = (Kit) d2.mappish.get("kit");
        assertThat(kit2.facet("greeter", Greeter.class).greet("me")).isEqualTo("Howdy, me!");
        assertThat(d2.mappish.get("kitGreeter")).isSameAs(kit2.facet("greeter", Greeter.class));
        Counter c2 = (Counter) d2.mappish.get("counter");
        assertThat(c2.value()).isEqualTo(3);
        assertThat(d2.setish.has(c2)).isTrue();
        assertThat(d2.singleton.greet("again")).isEqualTo("Hello, again!");
        assertThat(d2.greeters.make(Map.of("greeting", "Yo")).greet("new")).isEqualTo("Yo, new!");
        assertThat(d2.mappish.keys()).containsExactly("greeter", "kit", "kitGreeter", "counter");
        if (life.isDurable()) {
            assertThat(life.restarts()).isEqualTo(1);
            assertThat(d2.root.incarnation()).isEqualTo(1);
            assertThat(d2.subsub.name()).isEqualTo("root/sub/subsub");
            // sub-zone content was kept: the store label is free again in the new incarnation
            assertThat(d2.subsub.<String, Object>mapStore("deep").get("x")).isEqualTo(List.of(1, "two"));
        } else {
            assertThat(g2).isSameAs(g);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eachLabelOncePerZonePerIncarnation(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Defs d = new Defs(life.root());
        Zone z = d.root;
        String used = "' has already been used in zone 'root' in this incarnation";
        assertThatThrownBy(() -> z.exo("a", GREETER_I, Greeter.class, n -> n)).hasMessage("label 'a" + used);
        assertThatThrownBy(() -> z.exoClass("Greeter", GREETER_I, Greeter.class, StateShape.empty(), ctx -> n -> n))
                .hasMessage("label 'Greeter" + used);
        assertThatThrownBy(() -> z.exoClassKit("GreeterKit", StateShape.empty(),
                KitSpec.empty().facet("g", GREETER_I, Greeter.class, ctx -> n -> n)))
                .hasMessage("label 'GreeterKit" + used);
        assertThatThrownBy(() -> z.mapStore("mappish")).hasMessage("label 'mappish" + used);
        assertThatThrownBy(() -> z.setStore("setish")).hasMessage("label 'setish" + used);
        assertThatThrownBy(() -> z.subZone("sub")).hasMessage("label 'sub" + used);
        z.makeOnce("once", () -> 1);
        assertThatThrownBy(() -> z.makeOnce("once", () -> 2)).hasMessage("label 'once" + used);
        assertThatThrownBy(() -> d.sub.subZone("subsub"))
                .hasMessage("label 'subsub' has already been used in zone 'root/sub' in this incarnation");
        // the same label is fine in another zone
        assertThat(d.sub.mapStore("mappish").size()).isZero();
        assertThatThrownBy(() -> z.mapStore("a/b")).hasMessageContaining("must be non-blank and contain no '/'");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void guardViolationsNameInterfaceMethodAndArgument(Kind kind) {
        Defs d = new Defs(Incarnations.start(kind).root());
        Counter c = d.counters.make(Map.of("count", 0L));
        AtomicInteger bodyRuns = new AtomicInteger();
        Greeter g = d.root.exo("counted", GREETER_I, Greeter.class, n -> {
            bodyRuns.incrementAndGet();
            return n;
        });
        assertThatThrownBy(() -> c.increment(-1))
                .isInstanceOf(GuardViolationException.class)
                .hasMessage("Counter.increment: argument 0 (by): -1 (Long) does not match nat");
        assertThatThrownBy(() -> g.greet(null))
                .isInstanceOf(GuardViolationException.class)
                .hasMessage("Greeter.greet: argument 0 (name): null does not match string");
        assertThat(bodyRuns).hasValue(0);
        assertThat(c.value()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void badResultsAreCaughtAfterTheCall(Kind kind) {
        Zone z = Incarnations.start(kind).root();
        Greeter liar = z.exo("liar", M.interfaceGuard("Liar").method("greet", M.call(M.string()).returns(M.nat())),
                Greeter.class, n -> n);
        assertThatThrownBy(() -> liar.greet("x")).hasMessage("Liar.greet: result: \"x\" does not match nat");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void definitionsMustMatchTheirJavaInterface(Kind kind) {
        Zone z = Incarnations.start(kind).root();
        assertThatThrownBy(() -> z.exo("x", M.interfaceGuard("Empty"), Greeter.class, n -> n))
                .hasMessageContaining("method 'greet' of " + Greeter.class.getName() + " has no guard in interface 'Empty'");
        assertThatThrownBy(() -> z.exo("y", GREETER_I.method("wave", M.call()), Greeter.class, n -> n))
                .hasMessageContaining("guards method 'wave', which " + Greeter.class.getName() + " does not declare");
        assertThatThrownBy(() -> z.exo("w", GREETER_I, Object.class, new Object()))
                .hasMessageContaining("must be an interface");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void asyncFlowMarkAndReservedFacetNames(Kind kind) {
        Zone z = Incarnations.start(kind).root();
        InterfaceGuard flowI = M.interfaceGuard("Flowy").method("greet", M.asyncFlow(M.string()));
        assertThatThrownBy(() -> z.exo("f", flowI, Greeter.class, n -> n))
                .hasMessageContaining("only allowed on a kit facet (exoClassKit), not on a single-facet exo");
        assertThatThrownBy(() -> z.exoClassKit("k", StateShape.empty(),
                KitSpec.empty().facet("g", flowI, Greeter.class, ctx -> n -> n)))
                .hasMessageContaining("needs an async-flow zone");
        assertThatThrownBy(() -> KitSpec.empty().facet("_state", GREETER_I, Greeter.class, ctx -> n -> n))
                .hasMessage("facet name '_state' is reserved for internal use (prefix '_')");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void stateIsCheckedOnMakeAndSet(Kind kind) {
        Defs d = new Defs(Incarnations.start(kind).root());
        assertThatThrownBy(() -> d.counters.make(Map.of()))
                .hasMessage("kind 'Counter' needs a value for required state field 'count' of kind 'Counter'");
        assertThatThrownBy(() -> d.counters.make(Map.of("count", 1L, "extra", 2)))
                .hasMessage("kind 'Counter' has no state field 'extra'");
        assertThatThrownBy(() -> d.counters.make(Map.of("count", "many")))
                .hasMessage("state field 'count' of kind 'Counter': \"many\" does not match nat");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void mapAndSetStoreOperations(Kind kind) {
        Defs d = new Defs(Incarnations.start(kind).root());
        MapStore<String, Object> m = d.mappish;
        m.init("a", 1);
        assertThatThrownBy(() -> m.init("a", 2)).hasMessage("key a is already in map store 'root:mappish'");
        m.set("a", 3);
        assertThat(m.get("a")).isEqualTo(3);
        assertThatThrownBy(() -> m.set("b", 1)).hasMessage("key b not found in map store 'root:mappish'");
        assertThatThrownBy(() -> m.get("b")).hasMessage("key b not found in map store 'root:mappish'");
        assertThat(m.find("b")).isNull();
        m.put("b", List.of());
        assertThat(m.values()).containsExactly(3, List.of());
        m.delete("a");
        assertThat(m.has("a")).isFalse();
        assertThat(m.size()).isEqualTo(1);
        assertThatThrownBy(() -> m.delete("a")).hasMessage("key a not found in map store 'root:mappish'");
        SetStore<Object> s = d.setish;
        assertThat(s.add("x")).isTrue();
        assertThat(s.add("x")).isFalse();
        assertThat(s.values()).containsExactly("x");
        assertThat(s.delete("x")).isTrue();
        assertThat(s.delete("x")).isFalse();
        assertThat(s.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void makeOnceMakesOncePerKey(Kind kind) {
        Incarnations life = Incarnations.start(kind);
        Zone root = life.root();
        AtomicInteger made = new AtomicInteger();
        assertThat(root.makeOnce("cfg", () -> List.of(made.incrementAndGet()))).isEqualTo(List.of(1));
        assertThatThrownBy(() -> root.makeOnce("thread", Thread::currentThread))
                .isInstanceOf(NotStorableException.class)
                .hasMessageContaining("maker return value is not storable")
                .hasMessageContaining("a java.lang.Thread is not storable");
        Zone next = life.restart(z -> z, root);
        if (life.isDurable()) {
            assertThat(next.makeOnce("cfg", () -> List.of(made.incrementAndGet()))).isEqualTo(List.of(1));
            assertThat(made).hasValue(1);
        } else {
            assertThatThrownBy(() -> next.makeOnce("cfg", () -> List.of(0)))
                    .hasMessageContaining("has already been used");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void kitFacetGuardsNameTheFacetInterface(Kind kind) {
        Defs d = new Defs(Incarnations.start(kind).root());
        Kit kit = d.greeterKits.make(Map.of("greeting", "Hi"));
        assertThatThrownBy(() -> kit.facet("admin", Admin.class).setGreeting(null))
                .isInstanceOf(GuardViolationException.class)
                .hasMessage("GreeterAdmin.setGreeting: argument 0 (greeting): null does not match string");
        assertThatThrownBy(() -> kit.facet("admin", Greeter.class))
                .hasMessageContaining("does not implement " + Greeter.class.getName());
        assertThat(kit.facet("greeter", Greeter.class).greet("x")).isEqualTo("Hi, x!");
    }
}
