package io.vowstream.flow.testing;

import io.vowstream.flow.FlowScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link FlowScheduler} driven by the test: turns wait in a queue until {@link #runUntilIdle()},
 * and time moves only through {@link #advance(Duration)}. Nothing runs on another thread, so a
 * test is deterministic and never sleeps.
 */
public final class ManualFlowScheduler implements FlowScheduler {
    /** Turns run by one {@code runUntilIdle} before it assumes an endless loop. */
    public static final int MAX_TURNS = 100_000;

    private record Timer(Instant due, long seq, Runnable turn) {}

    private final ArrayDeque<Runnable> turns = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) ->
            a.due.equals(b.due) ? Long.compare(a.seq, b.seq) : a.due.compareTo(b.due));
    private Instant now;
    private long seq;

    public ManualFlowScheduler() {
        this(Instant.EPOCH);
    }

    public ManualFlowScheduler(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public synchronized void execute(Runnable turn) {
        turns.add(Objects.requireNonNull(turn, "turn"));
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable turn) {
        Objects.requireNonNull(turn, "turn");
        if (delay.isNegative() || delay.isZero()) {
            turns.add(turn);
        } else {
            timers.add(new Timer(now.plus(delay), seq++, turn));
        }
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    /**
     * Runs queued turns (and the turns they queue) until none is left; timers stay pending.
     *
     * @return the number of turns run
     * @throws IllegalStateException after {@link #MAX_TURNS} turns, which indicates a turn loop
     */
    public int runUntilIdle() {
        int n = 0;
        while (true) {
            Runnable next;
            synchronized (this) {
                next = turns.poll();
            }
            if (next == null) {
                return n;
            }
            if (++n > MAX_TURNS) {
                throw new IllegalStateException("scheduler still busy after " + MAX_TURNS + " turns: a turn loop?");
            }
            next.run();
        }
    }

    /** Moves the clock forward by {@code duration}, running every timer that falls due and all turns. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move the clock backwards by " + duration);
        }
        Instant target;
        synchronized (this) {
            target = now.plus(duration);
        }
        runUntilIdle();
        while (true) {
            Timer t;
            synchronized (this) {
                t = timers.peek();
                if (t == null || t.due.isAfter(target)) {
                    now = target;
                    break;
                }
                timers.poll();
                now = t.due;
            }
            t.turn.run();
            runUntilIdle();
        }
        runUntilIdle();
    }

    /** Runs turns and fires timers (moving the clock to each) until neither is left; returns the time moved. */
    public Duration runAll() {
        Instant start = now();
        for (int i = 0; i < MAX_TURNS; i++) {
            runUntilIdle();
            Instant due;
            synchronized (this) {
                Timer t = timers.peek();
                if (t == null) {
                    return Duration.between(start, now);
                }
                due = t.due;
            }
            advance(Duration.between(now(), due));
        }
        throw new IllegalStateException("timers still pending after " + MAX_TURNS + " rounds: a retry loop?");
    }

    public synchronized int queuedTurns() {
        return turns.size();
    }

    public synchronized int pendingTimers() {
        return timers.size();
    }
}
