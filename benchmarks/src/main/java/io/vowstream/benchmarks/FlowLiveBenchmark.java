package io.vowstream.benchmarks;

import io.vowstream.benchmarks.FlowBench.Payload;
import io.vowstream.flow.async.AsyncFlow;
import io.vowstream.flow.vow.Vow;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Live overhead per step (target T7: at most 10 µs per step): one new activation runs 1 000 host
 * steps live — each passes the baton from the guest's virtual thread to the turn thread and back,
 * is logged (checkCall + doReturn, binary-encoded) and crosses the membrane — up to its first
 * await. With {@code hostCallsOnGuestThread=true} the guest's thread performs the call itself (no
 * hand-over; see {@code AsyncFlowOptions}). Scores are per step; the baseline calls the host directly.
 *
 * <p>Reproduce (from the repository root, after building as in {@link FlowReplayBenchmark}):
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) org.openjdk.jmh.Main FlowLive
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class FlowLiveBenchmark {
    static final int STEPS = 1_000;

    @Param({"BINARY", "JSON"})
    public Payload payload;

    /** false (default): the host call runs on the turn thread; true: on the guest's virtual thread. */
    @Param({"false", "true"})
    public boolean hostCallsOnGuestThread;

    FlowBench.World world;
    FlowBench.Echo echo;

    @Setup(Level.Invocation)
    public void fresh() {
        if (world != null) {
            world.root.close(); // ends the previous invocation's parked guest thread
        }
        world = FlowBench.fresh(true, hostCallsOnGuestThread);
        echo = world.echoes.make(Map.of());
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public AsyncFlow live1k() {
        Vow<Object> outcome = world.flow.call(echo, (long) STEPS, payload.name(), world.vows.makeVowKit().vow());
        return world.flows.admin().getFlowForOutcomeVow(outcome);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Object baselineDirectHostCalls1k() {
        Object last = null;
        for (int i = 0; i < STEPS; i++) {
            last = echo.step(payload.make(i));
        }
        return last;
    }
}
