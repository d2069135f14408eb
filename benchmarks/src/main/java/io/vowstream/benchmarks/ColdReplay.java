package io.vowstream.benchmarks;

import io.vowstream.benchmarks.FlowBench.Payload;
import io.vowstream.flow.async.FlowState;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Cold replay of a 10 000-step log in a fresh JVM (target T2: at most 200 ms end to end).
 *
 * <p>{@code record FILE} writes a checkpoint holding one activation suspended after 10 000 binary
 * steps. {@code replay FILE} (run in a fresh JVM) reads the file, restores the zone, defines the
 * flow again, resumes, wakes it (the whole log is decoded and replayed), lets it finish, and prints
 * the time from JVM process start (its {@code ProcessHandle} start instant) to Done, plus the
 * in-process phases. {@code benchmarks/cold-replay.sh} runs 7 fresh JVMs and adds the outer
 * wall-clock time measured by the shell.
 *
 * <p>Reproduce (from the repository root, after building as in {@link FlowReplayBenchmark}):
 * <pre>
 * benchmarks/cold-replay.sh
 * </pre>
 */
public final class ColdReplay {
    private ColdReplay() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[1]);
        if (args[0].equals("record")) {
            Files.write(file, FlowBench.record(10_000, Payload.BINARY));
            System.out.println("recorded " + Files.size(file) + " B to " + file);
            return;
        }
        long t0 = System.nanoTime();
        byte[] checkpoint = Files.readAllBytes(file);
        io.vowstream.flow.testing.ManualFlowScheduler scheduler = new io.vowstream.flow.testing.ManualFlowScheduler();
        io.vowstream.flow.zone.DurableZone root = io.vowstream.flow.zone.Zones.restore(checkpoint, scheduler);
        long tRestored = System.nanoTime();
        FlowBench.World w = new FlowBench.World(root, scheduler, FlowBench.guest(), true);
        long t1 = System.nanoTime();
        io.vowstream.flow.async.AsyncFlow flow = FlowBench.replay(w);
        long t2 = System.nanoTime();
        FlowBench.finish(w);
        FlowState state = flow.getFlowState();
        long t3 = System.nanoTime();
        if (state != FlowState.DONE) {
            throw new IllegalStateException("expected Done, got " + state);
        }
        Instant start = ProcessHandle.current().info().startInstant().orElseThrow();
        long sinceStart = Duration.between(start, Instant.now()).toMillis();
        long jvmUp = ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.printf("COLD_REPLAY processStartToDone=%d ms jvmUptime=%d ms main: read+restore=%.1f ms "
                + "(of which define=%.1f ms) replay=%.1f ms finish=%.1f ms total=%.1f ms%n", sinceStart, jvmUp, (t1 - t0) / 1e6,
                (t1 - tRestored) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6);
    }
}
