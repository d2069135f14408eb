package io.vowstream.flow.disconnect;

import static io.vowstream.flow.disconnect.RetryRuns.disco;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.disconnect.DisconnectionReason.HostTerminated;
import io.vowstream.flow.disconnect.DisconnectionReason.PartitionMoved;
import io.vowstream.flow.disconnect.DisconnectionReason.TransientUnavailable;
import io.vowstream.flow.disconnect.DisconnectionReason.Upgraded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated failure sequences: the retry rule always ends. */
class RetryPolicyPropertyTest {
    private final RetryPolicy policy = RetryPolicy.of(Duration.ofMillis(100), Duration.ofSeconds(1), 5, 20);


    private List<RetryDecision> run(List<? extends Throwable> failures) {
        return RetryRuns.run(policy, failures);
    }

    @Provide
    Arbitrary<List<Throwable>> failureSequences() {
        Arbitrary<Throwable> one = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 5).map(n -> (Throwable) disco(new Upgraded(n))),
                Arbitraries.just((Throwable) disco(new HostTerminated("h"))),
                Arbitraries.integers().between(0, 3).map(p -> (Throwable) disco(new PartitionMoved(p))),
                Arbitraries.just((Throwable) disco(new TransientUnavailable("t"))),
                Arbitraries.just((Throwable) new IllegalStateException("x")));
        return one.list().ofMinSize(1).ofMaxSize(200);
    }

    /** No sequence of failures gets more retries than the hard cap, and delays stay within the bounds. */
    @Property
    void retryIsAlwaysBounded(@ForAll("failureSequences") List<Throwable> failures) {
        List<RetryDecision> ds = run(failures);
        long retries = ds.stream().filter(d -> d instanceof RetryDecision.Retry).count();
        assertThat(retries).isLessThanOrEqualTo(policy.maxAttempts());
        ds.stream().filter(d -> d instanceof RetryDecision.Retry)
                .map(d -> ((RetryDecision.Retry) d).delay())
                .forEach(delay -> assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(1)));
    }

    /** Repeating one reason forever ends quickly, whatever the reason. */
    @Property
    void theSameReasonRepeatedEnds(@ForAll("failureSequences") List<Throwable> seed) {
        Throwable f = seed.get(0);
        List<Throwable> repeated = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            repeated.add(f);
        }
        List<RetryDecision> ds = run(repeated);
        assertThat(ds.getLast()).isInstanceOf(RetryDecision.GiveUp.class);
        assertThat(ds.size()).isLessThanOrEqualTo(6);
    }
}
