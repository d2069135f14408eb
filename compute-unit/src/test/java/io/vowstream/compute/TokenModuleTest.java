package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

/** token@1: transfers are flows that wait for the recipient's acknowledgement, across restarts too. */
class TokenModuleTest {
  final Schedules g = new Schedules(s -> s.withCheckpointEvery(1));
  final Messenger mu = new Messenger(g);

  private static String output(Result r) {
    return String.valueOf(r.getOutput());
  }

  private static String errorCode(Result r) {
    return r.getError() == null ? "none" : r.getError().getCode();
  }

  private long balance(String pid) {
    return TokenModule.number(g.processor().process(pid).orElseThrow().state().get(TokenModule.BALANCE));
  }

  private long reserved(String pid) {
    return TokenModule.number(g.processor().process(pid).orElseThrow().state().get(TokenModule.RESERVED));
  }

  @Test
  void aTransferWaitsForTheCreditAcknowledgementAndThenCompletes() {
    Schedules.Chain a = mu.spawn(g.token(100), 0);
    Schedules.Chain b = mu.spawn(g.token(5), 1);
    g.driver.commit();
    mu.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "30");
    g.driver.commit();

    // the flow reserved the quantity, asked B for a credit and is suspended at its await
    Result started = g.results(a.pid).getLast();
    assertThat(output(started)).isEqualTo("transfer of 30 to " + b.pid + " started");
    assertThat(started.getMessages()).singleElement().satisfies(m -> {
      assertThat(m.getTarget()).isEqualTo(b.pid);
      assertThat(Schedules.tags(m.getTags())).containsEntry("Action", "Credit").containsEntry("Quantity", "30")
          .containsEntry("Reference", "1");
    });
    assertThat(started.getJournal()).extracting(j -> j.getKind()).contains("checkCall", "doReturn");
    assertThat(balance(a.pid)).isEqualTo(70);
    assertThat(reserved(a.pid)).isEqualTo(30);
    assertThat(g.processor().process(a.pid).orElseThrow().flowsByState()).containsEntry("Running", 1);
    assertThat(g.processor().totals().pendingVows()).isEqualTo(1);

    mu.crank(); // B gets the Credit
    g.driver.commit();
    Result credited = g.results(b.pid).getLast();
    assertThat(output(credited)).isEqualTo("credited 30 from " + a.pid);
    assertThat(credited.getMessages()).singleElement().satisfies(m ->
        assertThat(Schedules.tags(m.getTags())).containsEntry("Action", "Credit-Ack").containsEntry("X-Reference", "1"));

    mu.crank(); // A gets the acknowledgement: consumed by the flow, not by the module
    g.driver.commit();
    Result acked = g.results(a.pid).getLast();
    assertThat(errorCode(acked)).isEqualTo("none");
    assertThat(output(acked)).startsWith("reply 1 from " + b.pid + " consumed by a flow");
    assertThat(acked.getJournal()).extracting(j -> j.getKind()).contains("doFulfill");
    assertThat(balance(a.pid)).isEqualTo(70);
    assertThat(reserved(a.pid)).isZero();
    assertThat(balance(b.pid)).isEqualTo(35);
    assertThat(g.processor().process(a.pid).orElseThrow().flowsByState()).isEmpty();
    assertThat(g.processor().totals().pendingVows()).isZero();
  }

  @Test
  void suspendedTransfersInACheckpointSleepAfterACrashAndCompleteInTheNextIncarnation() {
    crashWhileSuspended(1, java.util.Map.of("Sleeping", 2));
  }

  @Test
  void suspendedTransfersAfterTheCheckpointAreReplayedAfterACrashAndComplete() {
    crashWhileSuspended(100, java.util.Map.of()); // checkpoints at the boots: flows come back by replay
  }

  private void crashWhileSuspended(int checkpointEvery, java.util.Map<String, Integer> flowsAfterCrash) {
    Schedules g2 = new Schedules(s -> s.withCheckpointEvery(checkpointEvery));
    Messenger m2 = new Messenger(g2);
    Schedules.Chain a = m2.spawn(g2.token(50), 0);
    Schedules.Chain b = m2.spawn(g2.token(0), 0);
    g2.driver.commit();
    m2.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "20");
    m2.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "5");
    g2.driver.commit();
    g2.driver.crash();
    assertThat(g2.processor().process(a.pid).orElseThrow().flowsByState()).isEqualTo(flowsAfterCrash);
    m2.settle();

    assertThat(g2.results(a.pid)).extracting(TokenModuleTest::errorCode).containsOnly("none");
    assertThat(g2.results(a.pid)).hasSize(5); // boot, two transfers, two acknowledgements: each once
    FoldView.ProcessView va = g2.processor().process(a.pid).orElseThrow();
    FoldView.ProcessView vb = g2.processor().process(b.pid).orElseThrow();
    assertThat(va.state()).containsEntry(TokenModule.BALANCE, 25L).containsEntry(TokenModule.RESERVED, 0L);
    assertThat(vb.state()).containsEntry(TokenModule.BALANCE, 25L);
    assertThat(va.flowsByState()).isEmpty();
    assertThat(va.owner()).isEqualTo(Schedules.USER.address());
    assertThat(va.module()).isEqualTo("token@1");
  }

  @Test
  void aRefusedCreditIsRefunded() {
    Schedules.Chain a = mu.spawn(g.token(10), 0);
    Schedules.Chain b = mu.spawn(g.token(0), 1);
    g.driver.commit();
    mu.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "4");
    g.driver.commit();
    // B refuses (as if its quantity check failed): the reply carries the request's reference
    mu.deliver(a.pid, mu.pushed(b.pid, a.pid, List.of(new Tag("Action", "Credit-Refused"),
        new Tag("X-Reference", "1"), new Tag("Error", "no thanks")), new byte[0]));
    g.driver.commit();

    assertThat(output(g.results(a.pid).getLast())).startsWith("reply 1 from " + b.pid + " consumed by a flow");
    assertThat(balance(a.pid)).isEqualTo(10);
    assertThat(reserved(a.pid)).isZero();
  }

  @Test
  void aReplyFromAnotherProcessThanTheRequestedOneIsNotConsumed() {
    Schedules.Chain a = mu.spawn(g.token(10), 0);
    Schedules.Chain b = mu.spawn(g.token(0), 1);
    Schedules.Chain c = mu.spawn(g.token(0), 1);
    g.driver.commit();
    mu.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "4");
    g.driver.commit();
    mu.deliver(a.pid, mu.pushed(c.pid, a.pid, List.of(new Tag("Action", "Credit-Ack"), new Tag("X-Reference", "1")),
        new byte[0]));
    g.driver.commit();

    assertThat(errorCode(g.results(a.pid).getLast())).isEqualTo("UNKNOWN_ACTION");
    assertThat(reserved(a.pid)).isEqualTo(4);
    assertThat(g.processor().totals().pendingVows()).isEqualTo(1);
  }

  @Test
  void errorsAreModuleExceptionCodesAndChangeNothing() {
    Schedules.Chain a = mu.spawn(g.token(10), 0);
    Schedules.Chain b = mu.spawn(g.token(0), 1);
    g.driver.commit();
    mu.deliver(a.pid, g.message(Schedules.OTHER, a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "1"));
    mu.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "11");
    mu.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "-1");
    mu.user(a.pid, "Action", "Transfer", "Recipient", a.pid, "Quantity", "1");
    mu.user(a.pid, "Action", "Transfer", "Quantity", "1");
    mu.user(a.pid, "Action", "Credit", "Quantity", "1", "Reference", "9");
    mu.user(a.pid, "Action", "Balance");
    g.driver.commit();

    assertThat(g.results(a.pid).subList(1, 8)).extracting(TokenModuleTest::errorCode).containsExactly("NOT_OWNER",
        "INSUFFICIENT_BALANCE", "BAD_QUANTITY", "SELF_TRANSFER", "MISSING_RECIPIENT", "NOT_A_PROCESS", "none");
    Result bal = g.results(a.pid).getLast();
    assertThat(output(bal)).isEqualTo("10");
    assertThat(bal.getMessages()).singleElement().satisfies(m -> assertThat(Schedules.tags(m.getTags()))
        .containsEntry("Action", "Balance").containsEntry("Balance", "10").containsEntry("Reserved", "0"));
    assertThat(g.processor().process(a.pid).orElseThrow().flowsByState()).isEmpty();
  }

  @Test
  void manyTransfersBetweenThreeAccountsConserveTheTotalAndAllFinish() {
    Schedules.Chain[] acc = {mu.spawn(g.token(100), 0), mu.spawn(g.token(100), 1), mu.spawn(g.token(100), 0)};
    g.driver.commit();
    for (int i = 0; i < 12; i++) {
      Schedules.Chain from = acc[i % 3];
      Schedules.Chain to = acc[(i + 1 + i / 3) % 3 == i % 3 ? (i + 2) % 3 : (i + 1 + i / 3) % 3];
      mu.user(from.pid, "Action", "Transfer", "Recipient", to.pid, "Quantity", Integer.toString(1 + i));
      if (i % 4 == 3) {
        mu.settle();
      }
    }
    mu.settle();

    long total = 0;
    for (Schedules.Chain c : acc) {
      total += balance(c.pid) + reserved(c.pid);
      assertThat(reserved(c.pid)).isZero();
      assertThat(g.processor().process(c.pid).orElseThrow().flowsByState()).isEmpty();
    }
    assertThat(total).isEqualTo(300);
    assertThat(g.results()).extracting(TokenModuleTest::errorCode).containsOnly("none");
  }

  @Test
  void dryRunEvaluatesOnAScratchCopyAndLeavesTheFoldUntouched() {
    Schedules.Chain a = mu.spawn(g.token(10), 0);
    Schedules.Chain b = mu.spawn(g.token(0), 1);
    g.driver.commit();
    mu.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "3");
    g.driver.commit();
    byte[] before = g.fold(0, a.pid).snapshot();
    DataItem probe = g.message(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "2");

    Result dry = g.processor().dryRun(a.pid, probe).orElseThrow();

    assertThat(output(dry)).isEqualTo("transfer of 2 to " + b.pid + " started");
    assertThat(dry.getNonce()).isEqualTo(2L);
    assertThat(dry.getMessages()).singleElement().satisfies(m ->
        assertThat(Schedules.tags(m.getTags())).containsEntry("Reference", "2"));
    assertThat(g.fold(0, a.pid).snapshot()).isEqualTo(before);
    assertThat(balance(a.pid)).isEqualTo(7);
    assertThat(g.processor().dryRun("nobody", probe)).isEmpty();
    // the live flow still completes
    mu.settle();
    assertThat(reserved(a.pid)).isZero();
    assertThat(balance(b.pid)).isEqualTo(3);
  }
}
