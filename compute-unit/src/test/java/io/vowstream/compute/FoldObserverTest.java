package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.schemas.Result;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The fold tells its observer what it did: evaluations, replays, halts, checkpoints and restores. */
class FoldObserverTest {

  static final class Recorder implements FoldObserver {
    final List<String> events = new ArrayList<>();
    long nanos = -1;
    int checkpointBytes;

    @Override
    public void evaluated(String processId, long nonce, long nanos, @Nullable String errorCode) {
      events.add("evaluated " + nonce + " " + errorCode);
      this.nanos = Math.max(this.nanos, nanos);
    }

    @Override
    public void replayed(String processId, long nonce) {
      events.add("replayed " + nonce);
    }

    @Override
    public void halted(String processId, String code) {
      events.add("halted " + code);
    }

    @Override
    public void checkpointWritten(String processId, int bytes) {
      events.add("checkpoint");
      checkpointBytes = bytes;
    }

    @Override
    public void restored(int partition, int processes, long nanos) {
      events.add("restored " + partition + " " + processes);
    }

    @Override
    public void retried(String reason) {
      events.add("retried " + reason);
    }
  }

  @Test
  void everyStepOfTheFoldIsObserved() {
    Recorder rec = new Recorder();
    Schedules g = new Schedules(s -> s.withCheckpointEvery(100), rec);
    var p = g.counter(0);
    Schedules.Chain c = g.chain(p);
    g.send(0, c.boot(p));
    g.driver.commit();
    g.send(0, c.msg(g.message(c.pid, "Action", "Increment")));
    g.send(0, c.msg(g.message(c.pid, "Action", "Dance")));
    g.driver.commit();
    g.driver.crash();
    g.send(0, c.next(g.message(c.pid, "Action", "Increment"), null, a -> {
      a.setHashChain(c.pid);
      return a;
    }));
    g.driver.commit();

    assertThat(rec.events).containsExactly("restored 0 0", "restored 1 0",
        "evaluated 0 null", "checkpoint",
        "evaluated 1 null", "evaluated 2 UNKNOWN_ACTION",
        "restored 0 1", "restored 1 0",
        "replayed 1", "replayed 2", "halted CHAIN_BREAK", "checkpoint");
    assertThat(rec.nanos).isPositive();
    assertThat(rec.checkpointBytes).isPositive();
  }

  @Test
  void aReadOnlyMessageIsEvaluatedButChangesNothingAndSendsNothing() {
    Schedules g = new Schedules(s -> s);
    Messenger mu = new Messenger(g);
    Schedules.Chain a = mu.spawn(g.token(10), 0);
    Schedules.Chain b = mu.spawn(g.token(0), 1);
    g.driver.commit();
    byte[] before = g.fold(0, a.pid).snapshot();
    mu.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "3", "Read-Only", "true");
    g.driver.commit();

    Result r = g.results(a.pid).getLast();
    assertThat(r.getOutput()).isEqualTo("transfer of 3 to " + b.pid + " started");
    assertThat(r.getMessages()).isEmpty();
    assertThat(r.getNonce()).isEqualTo(1L);
    assertThat(g.fold(0, a.pid).snapshot()).isEqualTo(before);
    assertThat(g.fold(0, a.pid).lastNonce).isEqualTo(1L);
    mu.user(a.pid, "Action", "Balance");
    g.driver.commit();
    assertThat(g.results(a.pid).getLast().getOutput()).isEqualTo("10");
  }
}
