package io.vowstream.compute;

import io.vowstream.testkit.KafkaBaseline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.DataItem;
import io.vowstream.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipeline benchmark (not a test): CU evaluations/s of the counter module on the local broker,
 * beside the raw Kafka exactly-once copy loop (consume → produce → {@code sendOffsetsToTransaction}
 * → commit) over the same assignments at the same transaction size, in the same run; then replayed
 * steps/s when a CU restarts from checkpoints far behind its committed position.
 *
 * <pre>
 * ./mvnw -B -q -pl compute-unit -am -DvowstreamBuildDir=target-wiring -DskipTests install
 * ./mvnw -q -B -pl compute-unit dependency:build-classpath -Dmdep.outputFile=/tmp/cu-cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp "compute-unit/target-wiring/test-classes:compute-unit/target-wiring/classes:$(cat /tmp/cu-cp.txt)" \
 *     -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.vowstream.schemas io.vowstream.compute.ComputeBenchmark [items] [txSize] [verify|noverify]
 * </pre>
 *
 * The assignments are signed by a benchmark SU key and written straight to the CU's input, so the
 * SU's cost is not part of the figure; the CU verifies every assignment's signature and chain as in
 * production ({@code noverify} turns the signature check off, to show its share).
 */
public final class ComputeBenchmark {
  private static boolean verify;

  private ComputeBenchmark() {}

  @SuppressWarnings("try") // the restarted unit only has to run while its replay is counted
  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int txSize = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    verify = args.length <= 2 || switch (args[2]) {
      case "verify" -> true;
      case "noverify" -> false;
      default -> throw new IllegalArgumentException("the third argument is 'verify' or 'noverify', not '" + args[2] + "'");
    };
    int partitions = 4;
    int processes = 100;
    System.out.printf("broker %s, %d assignments, %d counter processes, %d partitions, transaction size %d, "
        + "assignment signatures %s%n", TestKafka.bootstrapServers(), items, processes, partitions, txSize,
        verify ? "verified" : "not verified");
    Path dir = Files.createTempDirectory("cu-bench");
    // Warm-up: JIT the fold and the clients once, so the measured runs compare steady states.
    try (ComputeItSupport warm = backlog(partitions, processes, 3000)) {
      drain(warm, settings(warm, dir, txSize, 100, "warm"), 3000);
    }
    try (ComputeItSupport it = backlog(partitions, processes, items)) {
      for (int run = 1; run <= 2; run++) {
        KafkaBaseline.CopyLoopRate copy = KafkaBaseline.copyLoop(it.assignments, partitions, items, txSize);
        double eos = copy.seen();
        Map<String, String> s = settings(it, dir, txSize, 100, "run" + run);
        double cu = drain(it, s, items);
        System.out.printf("run %d: raw EOS copy loop %,.0f records/s (self-timed %,.0f) | CU %,.0f evaluations/s "
            + "(ratio %.2f; %.2f of self-timed)%n", run, eos, copy.selfTimed(), cu, cu / eos, cu / copy.selfTimed());
      }
      // Restore: fold everything with checkpoints only when a process is first seen, stop, restart.
      Map<String, String> s = settings(it, dir, txSize, 1_000_000, "restore");
      drain(it, s, items);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      long start = System.nanoTime();
      try (ComputeUnit unit = ComputeUnit.builder(ComputeItSupport.config(s)).meterRegistry(meters).start()) {
        Counter replayed = meters.counter("vowstream.cu.replayed");
        long first = 0;
        long lastChange = 0;
        double last = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
          Thread.sleep(20);
          double now = replayed.count();
          if (now > last) {
            if (last == 0) {
              first = System.nanoTime();
            }
            last = now;
            lastChange = System.nanoTime();
          } else if (last > 0 && System.nanoTime() - lastChange > Duration.ofSeconds(3).toNanos()) {
            break;
          }
        }
        System.out.printf("restore: %,.0f steps replayed in %.2f s = %,.0f replayed steps/s "
            + "(%.2f s from start-up to caught up, restore of checkpoints included)%n",
            last, (lastChange - first) / 1e9, last / ((lastChange - first) / 1e9), (lastChange - start) / 1e9);
      }
    }
    System.exit(0);
  }

  /** Topics holding {@code items} signed assignments for {@code processes} counters. */
  private static ComputeItSupport backlog(int partitions, int processes, int items) {
    ComputeItSupport it = new ComputeItSupport(partitions);
    TestKafka.createTopics(partitions, Map.of(), it.assignments);
    Signer suKey = Signer.ed25519(ComputeItSupport.randomSeed());
    List<ComputeItSupport.Chain> chains = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      DataItem p = it.counter(i);
      ComputeItSupport.Chain c = new ComputeItSupport.Chain(suKey, DataItems.id(p));
      chains.add(c);
      it.assign(c.boot(p));
    }
    for (int i = 0; i + processes < items; i++) {
      ComputeItSupport.Chain c = chains.get(i % processes);
      it.assign(c.msg(it.increment(c.pid, 1 + i % 7)));
    }
    it.producer.flush();
    return it;
  }

  private static Map<String, String> settings(ComputeItSupport it, Path dir, int txSize, int checkpointInterval,
      String name) {
    Map<String, String> s = new LinkedHashMap<>(it.settings(dir.resolve("unused-su-key.json")));
    s.put(VowstreamConfig.TOPIC_RESULTS.name(), it.results + "-" + name);
    s.put(VowstreamConfig.CU_STATE_TOPIC.name(), it.cuState + "-" + name);
    s.put(VowstreamConfig.CU_GROUP_ID.name(), "cu-" + it.suffix + "-" + name);
    s.put(VowstreamConfig.CU_TRANSACTIONAL_ID.name(), "cu-tx-" + it.suffix + "-" + name);
    s.put(VowstreamConfig.CU_TRANSACTION_MAX_RECORDS.name(), Integer.toString(txSize));
    s.put(VowstreamConfig.CU_CHECKPOINT_INTERVAL.name(), Integer.toString(checkpointInterval));
    s.put(VowstreamConfig.CU_VERIFY_SIGNATURES.name(), Boolean.toString(verify));
    return s;
  }

  /** Runs a CU until {@code items} results are committed; returns results/s from the first one. */
  @SuppressWarnings("try") // the unit only has to run while we count
  private static double drain(ComputeItSupport it, Map<String, String> settings, int items) {
    long start = System.nanoTime();
    try (ComputeUnit unit = ComputeUnit.start(ComputeItSupport.config(settings))) {
      long[] firstAt = {0};
      int got = KafkaBaseline.countCommitted(settings.get(VowstreamConfig.TOPIC_RESULTS.name()), items, Duration.ofMinutes(10),
          () -> firstAt[0] = System.nanoTime());
      long end = System.nanoTime();
      if (got < items) {
        throw new IllegalStateException("only " + got + " of " + items + " results were committed");
      }
      return got / ((end - firstAt[0]) / 1e9);
    } finally {
      System.out.printf("  (CU run of %d items took %.1f s including start-up)%n", items, (System.nanoTime() - start) / 1e9);
    }
  }

}
