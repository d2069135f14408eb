package io.vowstream.compute;

/** What the example modules ({@code counter@1}, {@code token@1}) share in {@code handle}. */
final class ExampleModules {
  private ExampleModules() {}

  /**
   * Screens an evaluation before the module's actions: returns true for a cron tick, which it
   * answers with a note (nothing here is periodic; a tick changes nothing and sends nothing, and is
   * not an error either), and refuses an assigned item with {@code ASSIGNMENT_REFUSED}: only what
   * is sent to the process counts, or an assigned {@code Credit} (or {@code Increment}) meant for
   * another process would change this one.
   *
   * @return whether the module has nothing more to do
   */
  static boolean ignoreTickOrRefuseAssigned(ModuleContext ctx, String reference) {
    if (ctx.cron()) {
      ctx.output("cron tick ignored");
      return true;
    }
    if (ctx.assigned()) {
      throw new ModuleException("ASSIGNMENT_REFUSED", reference + " acts only on messages sent to it; item "
          + ctx.itemId() + " was assigned here");
    }
    return false;
  }
}
