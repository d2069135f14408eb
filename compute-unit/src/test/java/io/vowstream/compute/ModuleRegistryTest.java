package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModuleRegistryTest {

  record Named(String name, String version) implements ProcessModule {
    @Override public void boot(ModuleContext ctx) {}
    @Override public void handle(ModuleContext ctx) {}
  }

  @Test
  void serviceLoaderFindsTheCounterModule() {
    ModuleRegistry registry = ModuleRegistry.discover(getClass().getClassLoader());
    assertThat(registry.references()).contains("counter@1", "token@1");
    assertThat(registry.find("token@1")).get().isInstanceOf(TokenModule.class);
    assertThat(registry.find("counter@1")).get().isInstanceOf(CounterModule.class);
  }

  @Test
  void explicitRegistrationAddsUnderNameAtVersion() {
    ModuleRegistry registry = new ModuleRegistry().register(new Named("echo", "2")).register(new Named("echo", "3"));
    assertThat(registry.references()).containsExactly("echo@2", "echo@3");
    assertThat(registry.find("echo@3")).contains(new Named("echo", "3"));
    assertThat(registry.find("echo@4")).isEmpty();
  }

  @Test
  void aSecondModuleForTheSameReferenceIsRefused() {
    ModuleRegistry registry = ModuleRegistry.of(new CounterModule());
    assertThatThrownBy(() -> registry.register(new Named("counter", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("module counter@1 is already registered (by io.vowstream.compute.CounterModule)");
  }

  @Test
  void namesAndVersionsMustBeNonBlankAndFreeOfAt() {
    assertThatThrownBy(() -> new ModuleRegistry().register(new Named("a@b", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has name 'a@b'");
    assertThatThrownBy(() -> new ModuleRegistry().register(new Named("a", " ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has version ' '");
  }

  @Test
  void moduleExceptionsNeedACode() {
    assertThat(new ModuleException("X", "m").code()).isEqualTo("X");
    assertThatThrownBy(() -> new ModuleException(" ", "m")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a module error code must not be blank");
  }

  @Test
  void foldSettingsRejectABadCheckpointIntervalAndSharedTopics() {
    FoldSettings d = FoldSettings.defaults(new io.vowstream.schemas.registry.InMemorySchemaRegistryClient(),
        new ModuleRegistry(), Schedules.CLOCK);
    assertThat(d.checkpointEvery()).isEqualTo(100);
    assertThatThrownBy(() -> d.withCheckpointEvery(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("checkpointEvery must be at least 1, got 0");
    assertThatThrownBy(() -> new FoldSettings("t", "r", "x", "t", d.registry(), d.modules(), 1, true,
        java.util.Map.of(), d.clock())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ from the assignments topic t");
  }
}
