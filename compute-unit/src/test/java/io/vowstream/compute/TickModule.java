package io.vowstream.compute;

import io.vowstream.schemas.Tag;
import java.util.List;

/**
 * A test module, {@code tick@1}, that keeps a log of the cron ticks it sees.
 *
 * <ul>
 *   <li>A cron tick adds one to {@code ticks} and appends {@code <Action>@<timestamp>/<height>} to
 *       {@code log}; a tick whose {@code Action} is {@code Fail} fails (after changing the state,
 *       which the fold must roll back); one whose {@code Action} is {@code Send} also sends {@code
 *       Action: Ticked} to the process itself.
 *   <li>{@code Action: Note}: appends {@code note} to {@code log}.
 * </ul>
 */
final class TickModule implements ProcessModule {
  static final String TICKS = "ticks";
  static final String LOG = "log";

  @Override
  public String name() {
    return "tick";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public void boot(ModuleContext ctx) {
    ctx.state().put(TICKS, 0L);
    ctx.state().put(LOG, "");
    ctx.output("booted");
  }

  @Override
  public void handle(ModuleContext ctx) {
    String action = ctx.tag("Action").orElse("?");
    if (ctx.cron()) {
      long ticks = (Long) ctx.state().get(TICKS) + 1;
      ctx.state().put(TICKS, ticks);
      append(ctx, action + "@" + ctx.timestamp() + "/" + ctx.blockHeight());
      if (action.equals("Fail")) {
        throw new ModuleException("TICK_FAILED", "tick " + ctx.itemId() + " fails on purpose");
      }
      if (action.equals("Send")) {
        ctx.send(ctx.processId(), List.of(new Tag("Action", "Ticked")), new byte[0]);
      }
      ctx.output("tick " + ticks + " " + action + " from " + ctx.from() + " nonce " + ctx.nonce());
      return;
    }
    append(ctx, "note");
    ctx.output("noted");
  }

  private static void append(ModuleContext ctx, String entry) {
    String log = (String) ctx.state().get(LOG);
    ctx.state().put(LOG, log.isEmpty() ? entry : log + "," + entry);
  }
}
