package io.vowstream.compute;

import io.vowstream.schemas.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The example module {@code counter@1}: a number that anyone can read and its owner can increase.
 *
 * <ul>
 *   <li>Boot: the owner becomes the process's signer; the count starts at the {@code On-Boot} input
 *       read as a decimal integer (0 when empty).
 *   <li>{@code Action: Increment}: adds the {@code Quantity} tag (default 1) if the sender is the
 *       owner (or, for a legacy process that was never booted, anyone); outputs the new count.
 *   <li>{@code Action: Get}: outputs the count and replies with a {@code Count} tag.
 *   <li>A cron tick ({@link ModuleContext#cron()}) is ignored: output {@code cron tick ignored},
 *       no state change, no messages.
 *   <li>An item assigned here rather than sent here ({@link ModuleContext#assigned()}) is refused
 *       with {@code ASSIGNMENT_REFUSED}.
 * </ul>
 */
public final class CounterModule implements ProcessModule {
  static final String COUNT = "count";
  static final String OWNER = "owner";

  /** Used by {@link java.util.ServiceLoader}. */
  public CounterModule() {}

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public void boot(ModuleContext ctx) {
    String input = new String(ctx.data(), StandardCharsets.UTF_8).strip();
    long initial = input.isEmpty() ? 0 : parse("On-Boot input", input);
    ctx.state().put(OWNER, ctx.owner());
    ctx.state().put(COUNT, initial);
    ctx.output("booted with count " + initial);
  }

  @Override
  public void handle(ModuleContext ctx) {
    if (ExampleModules.ignoreTickOrRefuseAssigned(ctx, "counter@1")) {
      return;
    }
    String action = ctx.tag("Action").orElseThrow(
        () -> new ModuleException("MISSING_ACTION", "message " + ctx.itemId() + " has no Action tag"));
    long count = ctx.state().find(COUNT) instanceof Long n ? n : 0L;
    switch (action) {
      case "Increment" -> {
        Object owner = ctx.state().find(OWNER);
        if (owner != null && !owner.equals(ctx.from())) {
          throw new ModuleException("NOT_OWNER", "only the owner " + owner + " may increment; "
              + ctx.from() + " tried");
        }
        long quantity = ctx.tag("Quantity").map(q -> parse("Quantity tag", q)).orElse(1L);
        long next = Math.addExact(count, quantity);
        ctx.state().put(COUNT, next);
        ctx.output(Long.toString(next));
      }
      case "Get" -> {
        ctx.output(Long.toString(count));
        ctx.reply(List.of(new Tag("Action", "Count"), new Tag("Count", Long.toString(count))), new byte[0]);
      }
      default -> throw new ModuleException("UNKNOWN_ACTION", "counter@1 has no action '" + action
          + "'; it knows Increment and Get");
    }
  }

  private static long parse(String what, String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new ModuleException("BAD_NUMBER", "the " + what + " '" + text + "' is not a decimal integer");
    }
  }
}
