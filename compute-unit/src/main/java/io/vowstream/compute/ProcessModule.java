package io.vowstream.compute;

/**
 * The code of a process: registered by name and version and chosen by the process's {@code
 * Module} tag (e.g. {@code counter@1}).
 *
 * <p>Evaluation must be deterministic: a module reads only its context (state, message, time of the
 * assignment) and writes only through it. It keeps no fields of its own that change between calls;
 * the same module instance serves every process that names it.
 *
 * <p>Found by {@link java.util.ServiceLoader} (a public no-argument constructor and a {@code
 * META-INF/services/io.vowstream.compute.ProcessModule} entry) or registered explicitly with {@link
 * ModuleRegistry#register}.
 */
public interface ProcessModule {

  /** The module's name, e.g. {@code counter}; no {@code @}. */
  String name();

  /** The module's version, e.g. {@code 1}; no {@code @}. */
  String version();

  /** The value of the {@code Module} tag that selects this module: {@code name@version}. */
  default String reference() {
    return name() + "@" + version();
  }

  /**
   * Evaluates the process's own assignment (nonce 0), before any message. The context's item is the
   * process data item and its {@link ModuleContext#data()} is the {@code On-Boot} input (empty when
   * the process has no {@code On-Boot} tag). Legacy processes, which have no nonce-0 assignment, are
   * never booted.
   *
   * @throws ModuleException (or any runtime exception) to fail: the result carries the error and
   *     the state stays as it was
   */
  void boot(ModuleContext ctx);

  /**
   * Evaluates one scheduled message.
   *
   * @throws ModuleException (or any runtime exception) to fail: the result carries the error and
   *     the state stays as it was
   */
  void handle(ModuleContext ctx);

  /**
   * Defines the module's async flows for one incarnation of a process's zone: called before the
   * zone resumes, when the process is first folded, after every restore from a checkpoint, and when
   * the process is upgraded to this module. Default: no flows.
   */
  default void defineFlows(ModuleFlows flows) {}
}
