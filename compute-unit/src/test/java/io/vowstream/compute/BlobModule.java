package io.vowstream.compute;

import io.vowstream.schemas.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A test module, {@code blob@1}, whose state grows with what it is sent: {@code Action: Store}
 * keeps the message's data (as text) under {@code blob-<nonce>}; {@code Action: Clear} deletes
 * every blob; {@code Action: Echo} stores the data too, then replies with it {@code Times} times.
 */
final class BlobModule implements ProcessModule {

  @Override
  public String name() {
    return "blob";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public void boot(ModuleContext ctx) {
    ctx.output("booted");
  }

  @Override
  public void handle(ModuleContext ctx) {
    switch (ctx.tag("Action").orElse("?")) {
      case "Store" -> {
        ctx.state().put("blob-" + ctx.nonce(), new String(ctx.data(), StandardCharsets.UTF_8));
        ctx.output("stored " + ctx.data().length + " bytes");
      }
      case "Echo" -> {
        ctx.state().put("blob-" + ctx.nonce(), new String(ctx.data(), StandardCharsets.UTF_8));
        int times = Integer.parseInt(ctx.tag("Times").orElse("1"));
        for (int i = 0; i < times; i++) {
          ctx.reply(List.of(new Tag("Action", "Echoed")), ctx.data());
        }
        ctx.output("echoed " + times + " times");
      }
      case "Clear" -> {
        ctx.state().keys().forEach(ctx.state()::delete);
        ctx.output("cleared");
      }
      default -> ctx.output("unknown action");
    }
  }
}
