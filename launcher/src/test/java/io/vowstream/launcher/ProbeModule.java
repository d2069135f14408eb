package io.vowstream.launcher;

import io.vowstream.compute.ModuleContext;
import io.vowstream.compute.ModuleException;
import io.vowstream.compute.ProcessModule;
import io.vowstream.schemas.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A test-only module, {@code probe@1}, that makes outbox traffic on demand so the whole-pipeline
 * tests can watch the MU crank it.
 *
 * <ul>
 *   <li>Boot: with a {@code Notify} tag, sends {@code Action: Child-Booted} to that process (a
 *       spawned child's boot outbox).
 *   <li>{@code Ping-Pong} ({@code Peer}, {@code Hops}): counts it; while {@code Hops > 0} sends
 *       {@code Ping-Pong} with {@code Hops - 1} to the peer, naming itself as the peer's peer.
 *   <li>{@code Spawn-Child}: spawns a {@code probe@1} child that notifies this process at boot.
 *   <li>{@code Assign-To} ({@code To}: comma-separated process ids): assigns the message itself
 *       to those processes (an outbox assignment).
 *   <li>{@code Spawned} / {@code Child-Booted}: recorded in the state.
 *   <li>A cron tick ({@link ModuleContext#cron()}) adds one to the state's {@code ticks} and outputs
 *       {@code tick <n> <Action tag> at <timestamp>}.
 *   <li>An item assigned to it (another process's message or Process item) is only noted: its id
 *       is appended to the state's {@code assigned}.
 * </ul>
 */
public final class ProbeModule implements ProcessModule {

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public void boot(ModuleContext ctx) {
    ctx.state().put("hops", 0L);
    ctx.state().put("boot-input", new String(ctx.data(), StandardCharsets.UTF_8));
    ctx.tag("Notify").ifPresent(parent -> ctx.send(parent, List.of(new Tag("Action", "Child-Booted")), new byte[0]));
    ctx.output("probe booted");
  }

  @Override
  public void handle(ModuleContext ctx) {
    if (ctx.cron()) {
      long ticks = (ctx.state().find("ticks") instanceof Long n ? n : 0L) + 1;
      ctx.state().put("ticks", ticks);
      ctx.output("tick " + ticks + " " + ctx.tag("Action").orElse("-") + " at " + ctx.timestamp());
      return;
    }
    if (ctx.assigned()) {
      // As aos does by default: an item meant for another process is noted, never acted on.
      String seen = ctx.state().find("assigned") instanceof String s ? s : "";
      ctx.state().put("assigned", seen.isEmpty() ? ctx.itemId() : seen + "," + ctx.itemId());
      ctx.output("assigned " + ctx.itemId() + " (" + ctx.tag("Type").orElse("?") + ")");
      return;
    }
    String action = ctx.tag("Action").orElseThrow(() -> new ModuleException("MISSING_ACTION", "no Action"));
    switch (action) {
      case "Ping-Pong" -> {
        long hops = Long.parseLong(ctx.tag("Hops").orElse("0"));
        long seen = ctx.state().get("hops") instanceof Long n ? n : 0L;
        ctx.state().put("hops", seen + 1);
        if (hops > 0) {
          String peer = ctx.tag("Peer").orElseThrow(() -> new ModuleException("MISSING_PEER", "no Peer"));
          ctx.send(peer, List.of(new Tag("Action", "Ping-Pong"), new Tag("Peer", ctx.processId()),
              new Tag("Hops", Long.toString(hops - 1))), new byte[0]);
        }
        ctx.output("hops left " + hops);
      }
      case "Spawn-Child" -> {
        ctx.spawn(List.of(new Tag("Module", "probe@1"), new Tag("On-Boot", "Data"),
            new Tag("Notify", ctx.processId()), new Tag("Reference", "child-of-" + ctx.itemId())),
            "child input".getBytes(StandardCharsets.UTF_8));
        ctx.output("spawn requested");
      }
      case "Assign-To" -> {
        List<String> to = List.of(ctx.tag("To").orElseThrow(() -> new ModuleException("MISSING_TO", "no To"))
            .split(","));
        ctx.assign(ctx.itemId(), to);
        ctx.output("assigned to " + to);
      }
      case "Spawned" -> {
        ctx.state().put("spawned", ctx.tag("Process").orElse(""));
        ctx.state().put("spawned-reference", ctx.tag("Reference").orElse(""));
        ctx.state().put("spawned-from", ctx.from());
        ctx.output("child " + ctx.tag("Process").orElse("?"));
      }
      case "Child-Booted" -> {
        ctx.state().put("child-booted", ctx.from());
        ctx.output("child booted: " + ctx.from());
      }
      default -> throw new ModuleException("UNKNOWN_ACTION", "probe@1 has no action " + action);
    }
  }
}
