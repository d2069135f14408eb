package io.vowstream.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The turn queue and clock of one zone runtime. Every settlement, watcher call and retry of the
 * flow engine runs as a turn submitted here, so a test (or a replay) that owns the scheduler owns
 * the order and the time. Turns of one runtime must run one at a time, in submission order.
 */
public interface FlowScheduler extends Executor {

    /** Queues {@code turn} to run after the turns already queued. */
    @Override
    void execute(Runnable turn);

    /** Queues {@code turn} once {@code delay} has passed on this scheduler's clock. */
    void schedule(Duration delay, Runnable turn);

    /** The current time on this scheduler's clock. */
    Instant now();

    /**
     * A scheduler over a single-threaded {@link ScheduledExecutorService} (the caller guarantees
     * it has one thread, which keeps turns ordered) and a clock.
     */
    static FlowScheduler of(ScheduledExecutorService singleThread, Clock clock) {
        Objects.requireNonNull(singleThread, "singleThread");
        Objects.requireNonNull(clock, "clock");
        return new FlowScheduler() {
            @Override
            public void execute(Runnable turn) {
                singleThread.execute(turn);
            }

            @Override
            public void schedule(Duration delay, Runnable turn) {
                singleThread.schedule(turn, delay.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public Instant now() {
                return clock.instant();
            }
        };
    }
}
