package io.vowstream.compute;

import java.nio.charset.StandardCharsets;

/**
 * A test module, {@code blob@1}, whose state grows with what it is sent: {@code Action: Store}
 * keeps the message's data (as text) under {@code blob-<nonce>}; {@code Action: Clear} deletes
 * every blob.
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
      case "Clear" -> {
        ctx.state().keys().forEach(ctx.state()::delete);
        ctx.output("cleared");
      }
      default -> ctx.output("unknown action");
    }
  }
}
