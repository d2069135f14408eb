package io.vowstream.flow.disconnect;

import static io.vowstream.flow.disconnect.RetryRuns.disco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.flow.disconnect.DisconnectionReason.HostTerminated;
import io.vowstream.flow.disconnect.DisconnectionReason.PartitionMoved;
import io.vowstream.flow.disconnect.DisconnectionReason.TransientUnavailable;
import io.vowstream.flow.disconnect.DisconnectionReason.Upgraded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = RetryPolicy.of(Duration.ofMillis(100), Duration.ofSeconds(1), 5, 20);


    private List<RetryDecision> run(List<? extends Throwable> failures) {
        return RetryRuns.run(policy, failures);
    }

    @Test
    void ordinaryFailuresAreFinal() {
        RetryDecision d = policy.decide(new IllegalStateException("boom"), RetryMemory.fresh());
        assertThat(d).isInstanceOf(RetryDecision.GiveUp.class);
        assertThat(((RetryDecision.GiveUp) d).why()).contains("not a disconnection");
    }

    @Test
    void disconnectionIsFoundThroughCompletionWrappers() {
        RetryDecision d = policy.decide(new CompletionException(disco(new Upgraded(1))), RetryMemory.fresh());
        assertThat(d).isInstanceOf(RetryDecision.Retry.class);
    }

    @Test
    void upgradeIsRetriedOnlyForNewerIncarnations() {
        List<RetryDecision> ds = run(List.of(disco(new Upgraded(1)), disco(new Upgraded(2)), disco(new Upgraded(2))));
        assertThat(ds).hasSize(3);
        assertThat(ds.get(0)).isInstanceOf(RetryDecision.Retry.class);
        assertThat(ds.get(1)).isInstanceOf(RetryDecision.Retry.class);
        assertThat(((RetryDecision.GiveUp) ds.get(2)).why()).isEqualTo("incarnation 2 is not newer than 2");
    }

    @Test
    void olderIncarnationAfterOtherReasonsIsStillRefused() {
        List<RetryDecision> ds = run(List.of(disco(new Upgraded(3)), disco(new HostTerminated("h")),
                disco(new Upgraded(2))));
        assertThat(ds.get(2)).isInstanceOf(RetryDecision.GiveUp.class);
    }

    @Test
    void terminationOnlyOnceInARow() {
        List<RetryDecision> ds = run(List.of(disco(new HostTerminated("a")), disco(new HostTerminated("a"))));
        assertThat(ds.get(0)).isInstanceOf(RetryDecision.Retry.class);
        assertThat(((RetryDecision.GiveUp) ds.get(1)).why()).isEqualTo("host terminated twice in a row");
        // alternating with another reason stays retryable
        List<RetryDecision> alt = run(List.of(disco(new HostTerminated("a")), disco(new Upgraded(1)),
                disco(new HostTerminated("a"))));
        assertThat(alt).allMatch(d -> d instanceof RetryDecision.Retry);
    }

    @Test
    void partitionMoveOnlyOnceInARow() {
        List<RetryDecision> ds = run(List.of(disco(new PartitionMoved(3)), disco(new PartitionMoved(4))));
        assertThat(ds.get(0)).isInstanceOf(RetryDecision.Retry.class);
        assertThat(ds.get(1)).isInstanceOf(RetryDecision.GiveUp.class);
    }

    @Test
    void transientBacksOffExponentiallyUpToTheCapThenGivesUp() {
        List<DisconnectedException> fails = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fails.add(disco(new TransientUnavailable("503")));
        }
        List<RetryDecision> ds = run(fails);
        List<Duration> delays = ds.stream().filter(d -> d instanceof RetryDecision.Retry)
                .map(d -> ((RetryDecision.Retry) d).delay()).toList();
        assertThat(delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofSeconds(1));
        assertThat(((RetryDecision.GiveUp) ds.get(5)).why()).isEqualTo("transiently unavailable 5 times in a row");
    }

    @Test
    void transientCountRestartsAfterAnotherReason() {
        RetryMemory m = RetryMemory.fresh();
        for (int i = 0; i < 5; i++) {
            m = ((RetryDecision.Retry) policy.decide(disco(new TransientUnavailable("x")), m)).memory();
        }
        m = ((RetryDecision.Retry) policy.decide(disco(new Upgraded(1)), m)).memory();
        RetryDecision d = policy.decide(disco(new TransientUnavailable("x")), m);
        assertThat(((RetryDecision.Retry) d).delay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void hardCapStopsEvenAlternatingReasons() {
        RetryMemory m = RetryMemory.fresh();
        int retries = 0;
        for (int i = 0; i < 100; i++) {
            Throwable f = i % 2 == 0 ? disco(new HostTerminated("h")) : disco(new PartitionMoved(1));
            RetryDecision d = policy.decide(f, m);
            if (d instanceof RetryDecision.Retry r) {
                m = r.memory();
                retries++;
            } else {
                assertThat(((RetryDecision.GiveUp) d).why()).startsWith("gave up after 20 retries");
                break;
            }
        }
        assertThat(retries).isEqualTo(20);
    }

    @Test
    void neverRetriesNothing() {
        assertThat(RetryPolicy.never().decide(disco(new Upgraded(1)), RetryMemory.fresh()))
                .isInstanceOf(RetryDecision.GiveUp.class);
    }

    @Test
    void badLimitsAreRefusedByName() {
        assertThatThrownBy(() -> RetryPolicy.of(Duration.ofSeconds(2), Duration.ofSeconds(1), 1, 1))
                .hasMessageContaining("initialBackoff (PT2S) <= maxBackoff (PT1S)");
        assertThatThrownBy(() -> RetryPolicy.of(Duration.ZERO, Duration.ZERO, -1, 1))
                .hasMessageContaining("maxTransientInARow (-1)");
    }

    @Test
    void exceptionMessagesDescribeTheReason() {
        assertThat(disco(new Upgraded(4))).hasMessage("disconnected: host upgraded to incarnation 4");
        assertThat(disco(new PartitionMoved(7))).hasMessage("disconnected: partition 7 moved or was rebalanced");
        assertThat(disco(new HostTerminated("cu-1"))).hasMessage("disconnected: host 'cu-1' terminated");
        assertThat(disco(new TransientUnavailable("timeout")))
                .hasMessage("disconnected: transiently unavailable: timeout");
        assertThat(DisconnectedException.reasonOf(new RuntimeException())).isNull();
    }
}
