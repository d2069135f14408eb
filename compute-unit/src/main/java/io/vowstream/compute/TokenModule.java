package io.vowstream.compute;

import io.vowstream.flow.async.FlowContext;
import io.vowstream.flow.vow.Vow;
import io.vowstream.schemas.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The example module {@code token@1}: each process is one account holding a balance, and a transfer
 * is an async flow that waits for the receiving account to acknowledge the credit.
 *
 * <ul>
 *   <li>Boot: the owner is the process's signer; the balance starts at the {@code On-Boot} input
 *       read as a decimal integer (0 when empty).
 *   <li>{@code Action: Balance}: outputs the balance and replies {@code Action: Balance} with
 *       {@code Balance} and {@code Reserved} tags.
 *   <li>{@code Action: Transfer} (owner only; {@code Recipient}, {@code Quantity}): starts flow
 *       {@code transfer}, which moves the quantity from the balance to the reserve, requests {@code
 *       Action: Credit} from the recipient and waits for the reply. {@code Credit-Ack} completes the
 *       transfer (the reserve is released); any other reply refunds it.
 *   <li>{@code Action: Credit} (from another process, with a {@code Reference}): adds the quantity
 *       and replies {@code Action: Credit-Ack} with {@code X-Reference}; a bad quantity is refused
 *       with {@code Action: Credit-Refused} (a reply, not an error, so that the sender refunds).
 *   <li>A cron tick ({@link ModuleContext#cron()}) is ignored: output {@code cron tick ignored},
 *       no state change, no messages.
 *   <li>An item assigned here rather than sent here ({@link ModuleContext#assigned()}) is refused
 *       with {@code ASSIGNMENT_REFUSED}.
 * </ul>
 *
 * Balances plus reserves, summed over all accounts, stay constant once every transfer is done.
 */
public final class TokenModule implements ProcessModule {
  static final String BALANCE = "balance";
  static final String RESERVED = "reserved";
  static final String OWNER = "owner";
  static final String TRANSFER = "transfer";

  /** Used by {@link java.util.ServiceLoader}. */
  public TokenModule() {}

  @Override
  public String name() {
    return "token";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public void boot(ModuleContext ctx) {
    String input = new String(ctx.data(), StandardCharsets.UTF_8).strip();
    long initial = input.isEmpty() ? 0 : quantity("On-Boot input", input, true);
    ctx.state().put(OWNER, ctx.owner());
    ctx.state().put(BALANCE, initial);
    ctx.state().put(RESERVED, 0L);
    ctx.output("booted with balance " + initial);
  }

  @Override
  public void handle(ModuleContext ctx) {
    if (ExampleModules.ignoreTickOrRefuseAssigned(ctx, "token@1")) {
      return;
    }
    String action = ctx.tag("Action").orElseThrow(
        () -> new ModuleException("MISSING_ACTION", "message " + ctx.itemId() + " has no Action tag"));
    switch (action) {
      case "Balance" -> {
        long balance = number(ctx.state().find(BALANCE));
        long reserved = number(ctx.state().find(RESERVED));
        ctx.output(Long.toString(balance));
        ctx.reply(List.of(new Tag("Action", "Balance"), new Tag("Balance", Long.toString(balance)),
            new Tag("Reserved", Long.toString(reserved))), new byte[0]);
      }
      case "Transfer" -> transfer(ctx);
      case "Credit" -> credit(ctx);
      default -> throw new ModuleException("UNKNOWN_ACTION", reference() + " has no action '" + action
          + "'; it knows Balance, Transfer and Credit");
    }
  }

  private void transfer(ModuleContext ctx) {
    Object owner = ctx.state().find(OWNER);
    if (owner == null || !owner.equals(ctx.from())) {
      throw new ModuleException("NOT_OWNER", "only the owner " + owner + " may transfer; " + ctx.from() + " tried");
    }
    String recipient = ctx.tag("Recipient").orElseThrow(
        () -> new ModuleException("MISSING_RECIPIENT", "a Transfer needs a Recipient tag (a token process id)"));
    if (recipient.equals(ctx.processId())) {
      throw new ModuleException("SELF_TRANSFER", "process " + recipient + " cannot transfer to itself");
    }
    long q = quantity("Quantity tag", ctx.tag("Quantity").orElseThrow(
        () -> new ModuleException("MISSING_QUANTITY", "a Transfer needs a Quantity tag")), false);
    long balance = number(ctx.state().find(BALANCE));
    if (balance < q) {
      throw new ModuleException("INSUFFICIENT_BALANCE", "balance " + balance + " is less than " + q);
    }
    ctx.startFlow(TRANSFER, recipient, q);
    ctx.output("transfer of " + q + " to " + recipient + " started");
  }

  private static void credit(ModuleContext ctx) {
    if (ctx.tag("From-Process").isEmpty()) {
      throw new ModuleException("NOT_A_PROCESS", "Credit must come from a token process (no From-Process tag)");
    }
    String reference = ctx.tag("Reference").orElseThrow(
        () -> new ModuleException("MISSING_REFERENCE", "a Credit needs a Reference tag to acknowledge"));
    String text = ctx.tag("Quantity").orElse("");
    long q;
    try {
      q = quantity("Quantity tag", text, false);
    } catch (ModuleException e) {
      ctx.reply(List.of(new Tag("Action", "Credit-Refused"), new Tag("X-Reference", reference),
          new Tag("Error", e.getMessage())), new byte[0]);
      ctx.output("credit refused: " + e.getMessage());
      return;
    }
    long balance = Math.addExact(number(ctx.state().find(BALANCE)), q);
    ctx.state().put(BALANCE, balance);
    ctx.reply(List.of(new Tag("Action", "Credit-Ack"), new Tag("X-Reference", reference),
        new Tag("Quantity", Long.toString(q))), new byte[0]);
    ctx.output("credited " + q + " from " + ctx.from());
  }

  @Override
  public void defineFlows(ModuleFlows flows) {
    flows.define(TRANSFER, TokenModule::transferFlow);
  }

  /** Reserve, request the credit, wait for the acknowledgement; refund on anything else. */
  static @Nullable Object transferFlow(FlowContext ctx, ProcessHost host, List<@Nullable Object> args) {
    String recipient = (String) args.get(0);
    long q = number(args.get(1));
    long balance = number(host.get(BALANCE));
    if (balance < q) {
      return "insufficient balance " + balance + " for " + q;
    }
    host.put(BALANCE, balance - q);
    host.put(RESERVED, number(host.get(RESERVED)) + q);
    Vow<Reply> ack = host.request(recipient, List.of("Action", "Credit", "Quantity", Long.toString(q)), "");
    Reply reply = ctx.await(ack);
    host.put(RESERVED, number(host.get(RESERVED)) - q);
    if (reply.tag("Action").filter("Credit-Ack"::equals).isPresent()) {
      return "transferred " + q + " to " + recipient;
    }
    host.put(BALANCE, number(host.get(BALANCE)) + q);
    return "refunded " + q + ": " + reply.tag("Error").orElse(reply.tag("Action").orElse("no action"));
  }

  static long number(@Nullable Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }

  private static long quantity(String what, String text, boolean zeroAllowed) {
    long q;
    try {
      q = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new ModuleException("BAD_QUANTITY", "the " + what + " '" + text + "' is not a decimal integer");
    }
    if (q < 0 || (q == 0 && !zeroAllowed)) {
      throw new ModuleException("BAD_QUANTITY", "the " + what + " must be " + (zeroAllowed ? "zero or " : "")
          + "positive, got " + q);
    }
    return q;
  }
}
