package io.vowstream.benchmarks;

import io.vowstream.benchmarks.FlowBench.Payload;
import io.vowstream.flow.async.AsyncFlow;
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
 * Replay cost per logged step (target T1: at most 1.75 µs per step at 10 000 steps). Each invocation
 * restores a checkpoint holding one activation suspended after N host steps (untimed), then times
 * {@code resume() + wakeAll()}: decoding the binary log, re-running the guest against it (every call
 * compared with the log and answered from it, no host call), up to the await where it was
 * suspended. Scores are per step ({@code @OperationsPerInvocation}). The baseline calls the same
 * host object directly, N times, with the same payloads (no flow at all).
 *
 * <p>Reproduce (from the repository root):
 * <pre>
 * ./mvnw -B -q -o -pl flow-engine install -DskipTests -DvowstreamBuildDir=target
 * ./mvnw -B -q -o -pl benchmarks package -DvowstreamBuildDir=target
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) org.openjdk.jmh.Main FlowReplay
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class FlowReplayBenchmark {

    /** A checkpoint of N steps, restored before every invocation. */
    static final class Recorded {
        final byte[] checkpoint;
        final FlowBench.Echo echo;
        FlowBench.World world;

        Recorded(int steps, Payload payload) {
            checkpoint = FlowBench.record(steps, payload);
            echo = FlowBench.fresh(true).echoes.make(Map.of());
        }

        void restore() {
            if (world != null) {
                world.root.close(); // ends the previous invocation's parked guest thread
            }
            world = FlowBench.restore(checkpoint, true);
        }
    }

    @State(Scope.Thread)
    public static class Steps1k {
        @Param({"BINARY", "JSON"})
        public Payload payload;

        Recorded r;

        @Setup(Level.Trial)
        public void record() {
            r = new Recorded(1_000, payload);
        }

        @Setup(Level.Invocation)
        public void restore() {
            r.restore();
        }
    }

    @State(Scope.Thread)
    public static class Steps10k {
        @Param({"BINARY", "JSON"})
        public Payload payload;

        Recorded r;

        @Setup(Level.Trial)
        public void record() {
            r = new Recorded(10_000, payload);
        }

        @Setup(Level.Invocation)
        public void restore() {
            r.restore();
        }
    }

    @Benchmark
    @OperationsPerInvocation(1_000)
    public AsyncFlow replay1k(Steps1k s) {
        return FlowBench.replay(s.r.world);
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public AsyncFlow replay10k(Steps10k s) {
        return FlowBench.replay(s.r.world);
    }

    /** Baseline: the same host steps called directly (guard check and proxy, no flow, no log). */
    @Benchmark
    @OperationsPerInvocation(10_000)
    public Object baselineDirectHostCalls10k(Steps10k s) {
        Object last = null;
        for (int i = 0; i < 10_000; i++) {
            last = s.r.echo.step(s.payload.make(i));
        }
        return last;
    }
}
