package io.vowstream.flow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualFlowSchedulerTest {
    private final ManualFlowScheduler s = new ManualFlowScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> log = new ArrayList<>();

    @Test
    void turnsRunInOrderOnlyWhenAsked() {
        s.execute(() -> log.add("a"));
        s.execute(() -> {
            log.add("b");
            s.execute(() -> log.add("d"));
        });
        s.execute(() -> log.add("c"));
        assertThat(log).isEmpty();
        assertThat(s.queuedTurns()).isEqualTo(3);
        assertThat(s.runUntilIdle()).isEqualTo(4);
        assertThat(log).containsExactly("a", "b", "c", "d");
    }

    @Test
    void timersFireInDueOrderAsTimeAdvances() {
        s.schedule(Duration.ofSeconds(2), () -> log.add("2s@" + s.now().getEpochSecond() % 60));
        s.schedule(Duration.ofSeconds(1), () -> log.add("1s"));
        s.schedule(Duration.ofSeconds(1), () -> log.add("1s-second"));
        s.schedule(Duration.ZERO, () -> log.add("now"));
        s.advance(Duration.ofMillis(1500));
        assertThat(log).containsExactly("now", "1s", "1s-second");
        assertThat(s.now()).isEqualTo(Instant.parse("2026-01-01T00:00:01.500Z"));
        assertThat(s.pendingTimers()).isEqualTo(1);
        Duration moved = s.runAll();
        assertThat(moved).isEqualTo(Duration.ofMillis(500));
        assertThat(log).containsExactly("now", "1s", "1s-second", "2s@2");
    }

    @Test
    void endlessTurnLoopsAreReported() {
        Runnable[] again = new Runnable[1];
        again[0] = () -> s.execute(again[0]);
        s.execute(again[0]);
        assertThatThrownBy(s::runUntilIdle).hasMessageContaining("a turn loop?");
    }

    @Test
    void timeNeverRunsBackwards() {
        assertThatThrownBy(() -> s.advance(Duration.ofSeconds(-1))).hasMessageContaining("backwards");
    }

    @Test
    void incarnationsHarnessRestartsOnlyDurableZones() {
        Incarnations heap = Incarnations.start(Incarnations.Kind.HEAP);
        Object same = new Object();
        assertThat(heap.restart(z -> new Object(), same)).isSameAs(same);
        assertThat(heap.restarts()).isZero();
        Incarnations durable = Incarnations.start(Incarnations.Kind.DURABLE);
        ManualFlowScheduler first = durable.scheduler();
        first.execute(() -> log.add("lost with the crash"));
        long incarnation = durable.restart(z -> z.incarnation(), 0L);
        assertThat(incarnation).isEqualTo(1);
        assertThat(durable.scheduler()).isNotSameAs(first);
        durable.scheduler().runUntilIdle();
        assertThat(log).isEmpty();
        assertThat(durable.root().incarnation()).isEqualTo(1);
    }
}
