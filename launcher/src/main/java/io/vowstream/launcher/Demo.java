package io.vowstream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * The run command's demo: a counter booted with {@code On-Boot}, two increments sent back to back,
 * and a token transfer whose flow waits for the recipient's acknowledgement. It only submits and
 * waits; the results feed prints every result as it is committed.
 */
final class Demo {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final PipelineClient client;
  private final SigningKey user;
  private final PrintStream out;
  private final SecureRandom random = new SecureRandom();

  Demo(PipelineClient client, SigningKey user, PrintStream out) {
    this.client = client;
    this.user = user;
    this.out = out;
  }

  /** What the demo made, for the hint printed afterwards. */
  record Outcome(String counter, String tokenA, String tokenB) {}

  Outcome run() {
    String scheduler = client.schedulerAddress();
    out.println("Demo: spawning a counter (counter@1, On-Boot 5) ...");
    String counter = spawn("counter@1", "5", scheduler);
    out.println("Demo: two increments sent back to back (+2, +3), then Get ...");
    String first = client.submit(message(counter, List.of(new Tag("Action", "Increment"), new Tag("Quantity", "2"))));
    String second = client.submit(message(counter, List.of(new Tag("Action", "Increment"), new Tag("Quantity", "3"))));
    client.awaitResult(first, counter, WAIT);
    client.awaitResult(second, counter, WAIT);
    client.awaitResult(client.submit(message(counter, List.of(new Tag("Action", "Get")))), counter, WAIT);

    out.println("Demo: two token accounts (token@1), A with 100 and B with 0 ...");
    String a = spawn("token@1", "100", scheduler);
    String b = spawn("token@1", "0", scheduler);
    out.println("Demo: A transfers 30 to B; A's transfer flow waits for B's Credit-Ack ...");
    client.awaitResult(client.submit(message(a, List.of(new Tag("Action", "Transfer"), new Tag("Recipient", b),
        new Tag("Quantity", "30")))), a, WAIT);
    awaitFlowsDone(a);
    client.awaitResult(client.submit(message(a, List.of(new Tag("Action", "Balance")))), a, WAIT);
    client.awaitResult(client.submit(message(b, List.of(new Tag("Action", "Balance")))), b, WAIT);
    return new Outcome(counter, a, b);
  }

  private String spawn(String module, String boot, String scheduler) {
    DataItem process = Items.process(user, module, scheduler, boot, List.of(new Tag("Name", "demo " + module)), random);
    String id = client.submit(process);
    client.awaitResult(id, id, WAIT);
    return id;
  }

  private DataItem message(String target, List<Tag> tags) {
    return Items.message(user, target, tags, new byte[0], random);
  }

  /** Waits until the process has no live flow (the transfer finished after the acknowledgement). */
  private void awaitFlowsDone(String pid) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode flows = client.state(pid).path("flows");
      boolean live = false;
      for (var e : flows.properties()) {
        live |= !e.getKey().equals("Done") && e.getValue().asInt() > 0;
      }
      if (!live) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the transfer flow of " + pid + " did not finish within " + WAIT.toSeconds()
            + " s; flows: " + flows);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
