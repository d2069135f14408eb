package io.vowstream.benchmarks;

import io.vowstream.benchmarks.FlowBench.Payload;
import io.vowstream.flow.async.AsyncFlow;
import io.vowstream.flow.async.LogEntry;
import io.vowstream.flow.vow.Vow;
import io.vowstream.flow.vow.VowKit;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Footprint figures (targets T6 and T4/T5): log bytes per step, and heap per suspended activation.
 *
 * <ul>
 *   <li>{@code bytes}: encodes every entry of a 10 000-step log with {@code encodeEntry} (the format
 *       kept in checkpoints); reports bytes per step, and bytes per step excluding the payload (the
 *       encoded argument and result values).</li>
 *   <li>{@code heap N}: starts N activations that each make one host call and then await a vow of
 *       their own; measures used heap after four {@code System.gc()} before and after, divided by N.
 *       "parked" keeps each guest as a parked virtual thread; "sleeping" is the same zone after a
 *       checkpoint/restore, where activations hold no thread until woken.</li>
 * </ul>
 *
 * <p>Reproduce (from the repository root, after building as in {@link FlowReplayBenchmark}):
 * <pre>
 * java -Xmx4g -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) io.vowstream.benchmarks.FlowFootprint bytes
 * java -Xmx4g -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) io.vowstream.benchmarks.FlowFootprint heap 10000
 * java -Xmx4g -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) io.vowstream.benchmarks.FlowFootprint heap 100000
 * java -Xmx4g -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) io.vowstream.benchmarks.FlowFootprint heap 10000 lazy
 * </pre>
 */
public final class FlowFootprint {
    private FlowFootprint() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("heap")) {
            heap(Integer.parseInt(args[1]), args.length < 3 || !args[2].equals("lazy"));
        } else {
            bytes(10_000);
        }
    }

    static void bytes(int n) {
        for (Payload p : Payload.values()) {
            FlowBench.World w = FlowBench.fresh(true);
            FlowBench.Echo echo = w.echoes.make(Map.of());
            Vow<Object> outcome = w.flow.call(echo, (long) n, p.name(), w.vows.makeVowKit().vow());
            w.scheduler.runUntilIdle();
            AsyncFlow flow = w.flows.admin().getFlowForOutcomeVow(outcome);
            long total = 0;
            long payload = 0;
            for (LogEntry e : flow.dump()) {
                total += w.flows.encodeEntry(e).length;
                switch (e) {
                    case LogEntry.CheckCall c -> payload += valueBytes(w, c.args().get(0));
                    case LogEntry.DoReturn r -> payload += valueBytes(w, r.result());
                    default -> { }
                }
            }
            System.out.printf("%s: %d steps, %.1f B/step total, %.1f B/step payload, %.1f B/step excluding payload%n",
                    p, n, (double) total / n, (double) payload / n, (double) (total - payload) / n);
        }
    }

    /** The encoded size of one value: a doReturn of it minus a doReturn of null (whose value is 1 byte). */
    private static int valueBytes(FlowBench.World w, Object v) {
        return w.flows.encodeEntry(new LogEntry.DoReturn(0, v)).length
                - w.flows.encodeEntry(new LogEntry.DoReturn(0, null)).length + 1;
    }

    static long usedAfterGc() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    private static void pause() {
        try {
            Thread.sleep(8_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One host step, then await the vow given as argument (each activation has its own). */
    static void heap(int n, boolean eager) {
        System.out.printf("%s activations (%s)%n", n, eager ? "eager, the default" : "lazy: each keeps a durable wake watch");
        FlowBench.World w = FlowBench.fresh(eager);
        FlowBench.Echo echo = w.echoes.make(Map.of());
        List<VowKit<Object>> kits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            kits.add(w.vows.makeVowKit());
        }
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            w.flow.call(echo, 1L, Payload.BINARY.name(), kits.get(i).vow());
            kits.set(i, null); // the activation holds its vow now; the test's kit must not count
            if (i % 1000 == 999) {
                w.scheduler.runUntilIdle();
            }
        }
        w.scheduler.runUntilIdle();
        long after = usedAfterGc();
        if (System.getenv("FOOTPRINT_PAUSE") != null) {
            pause(); // time to take a heap histogram (jcmd PID GC.class_histogram)
        }
        System.out.printf("parked: %d activations, %.0f B heap per activation (%d MiB total)%n", n,
                (double) (after - before) / n, (after - before) >> 20);
        byte[] checkpoint = w.root.checkpoint();
        System.out.printf("checkpoint: %d B, %.0f B per activation%n", checkpoint.length,
                (double) checkpoint.length / n);
        kits.clear();
        w.root.close();
        w = null;
        long empty = usedAfterGc();
        // Restored lazily (no wakeAll replay), so that no activation holds a thread.
        FlowBench.World restored = FlowBench.restore(checkpoint, false);
        restored.root.resume();
        restored.scheduler.runUntilIdle();
        checkpoint = null;
        long sleeping = usedAfterGc();
        System.out.printf("sleeping (restored, not woken, no thread): %.0f B heap per activation, zone included%n",
                (double) (sleeping - empty) / n);
        if (restored.keep.size() < 0) {
            System.out.println(restored);
        }
    }
}
