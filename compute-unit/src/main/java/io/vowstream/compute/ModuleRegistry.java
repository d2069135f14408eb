package io.vowstream.compute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Modules by their {@code Module} tag value ({@code name@version}). A reference is registered once;
 * a second module for the same reference is refused rather than silently shadowing the first.
 * Registration happens before the registry is handed to a fold; lookups are then read-only.
 */
public final class ModuleRegistry {
  private final Map<String, ProcessModule> modules = new LinkedHashMap<>();

  /** An empty registry. */
  public ModuleRegistry() {}

  /** A registry holding every module {@link ServiceLoader} finds with {@code loader}. */
  public static ModuleRegistry discover(ClassLoader loader) {
    ModuleRegistry registry = new ModuleRegistry();
    for (ProcessModule module : ServiceLoader.load(ProcessModule.class, loader)) {
      registry.register(module);
    }
    return registry;
  }

  /** A registry with {@code modules}, registered in order. */
  public static ModuleRegistry of(ProcessModule... modules) {
    ModuleRegistry registry = new ModuleRegistry();
    for (ProcessModule m : modules) {
      registry.register(m);
    }
    return registry;
  }

  /**
   * Adds {@code module} under its reference; returns this registry.
   *
   * @throws IllegalArgumentException when the name or version is blank or holds {@code @}, or when
   *     another module already has the reference
   */
  public synchronized ModuleRegistry register(ProcessModule module) {
    check("name", module.name(), module);
    check("version", module.version(), module);
    String ref = module.reference();
    ProcessModule existing = modules.get(ref);
    if (existing != null) {
      throw new IllegalArgumentException("module " + ref + " is already registered (by "
          + existing.getClass().getName() + "); refusing " + module.getClass().getName());
    }
    modules.put(ref, module);
    return this;
  }

  /** The module registered under {@code reference} ({@code name@version}). */
  public synchronized Optional<ProcessModule> find(String reference) {
    return Optional.ofNullable(modules.get(reference));
  }

  /** The registered references, in registration order. */
  public synchronized List<String> references() {
    return List.copyOf(modules.keySet());
  }

  private static void check(String what, String value, ProcessModule module) {
    if (value.isBlank() || value.contains("@")) {
      throw new IllegalArgumentException("module " + module.getClass().getName() + " has " + what + " '"
          + value + "'; it must be non-blank and free of '@'");
    }
  }
}
