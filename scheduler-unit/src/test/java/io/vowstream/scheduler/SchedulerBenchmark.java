package io.vowstream.scheduler;

import io.vowstream.testkit.KafkaBaseline;
import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.testkit.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Pipeline benchmark (not a test): SU assignments/s and schedule→assignment latency on the local
 * broker, beside the raw Kafka exactly-once copy loop (consume → produce →
 * {@code sendOffsetsToTransaction} → commit) at the same transaction size, in the same run.
 *
 * <pre>
 * ./mvnw -B -q -pl scheduler-unit -am -DvowstreamBuildDir=target-su -DskipTests install
 * java -cp "scheduler-unit/target-su/test-classes:scheduler-unit/target-su/classes:$(cat cp.txt)" \
 *     -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.vowstream.schemas io.vowstream.scheduler.SchedulerBenchmark [items] [txSize] [parallel|sequential] [rounds]
 * </pre>
 *
 * (cp.txt: {@code ./mvnw -q -pl scheduler-unit dependency:build-classpath -Dmdep.outputFile=cp.txt
 * -Dmdep.includeScope=test}). Prints one line per round (copy loop, SU, SU re-checking signatures,
 * each on its own backlog) with the ratio SU / raw EOS, then the median over the rounds. The third
 * argument {@code sequential} signs on the processing thread instead of the unit's signing pool,
 * to measure what parallel signing brings.
 */
public final class SchedulerBenchmark {
  private static boolean sequentialSigning;

  private SchedulerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int txSize = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    if (args.length > 2) {
      sequentialSigning = switch (args[2]) {
        case "parallel" -> false;
        case "sequential" -> true;
        default -> throw new IllegalArgumentException(
            "the third argument is 'parallel' or 'sequential', not '" + args[2] + "'");
      };
    }
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int partitions = 4;
    int processes = 100;
    System.out.printf("broker %s, %d items, %d processes, %d partitions, transaction size %d, %s signing, %d rounds%n",
        TestKafka.bootstrapServers(), items, processes, partitions, txSize,
        sequentialSigning ? "sequential" : "parallel", rounds);

    // Warm-up: JIT the SU, the copy loop and the clients once, so the rounds compare steady states.
    try (ItSupport warm = backlog(partitions, processes, 3000)) {
      KafkaBaseline.copyLoop(warm.schedule, partitions, 3000, txSize);
      drain(warm, settings(warm, txSize, false), 3000);
    }
    // Rounds alternate baseline and SU, so that a slow or fast spell of the shared broker and CPU
    // shows in both sides of a round's ratio rather than in one side only.
    double[] ratios = new double[rounds];
    double eosSum = 0;
    double selfTimedSum = 0;
    double suSum = 0;
    double bestSu = 0;
    for (int round = 1; round <= rounds; round++) {
      KafkaBaseline.CopyLoopRate copy;
      try (ItSupport it = backlog(partitions, processes, items)) {
        copy = KafkaBaseline.copyLoop(it.schedule, partitions, items, txSize);
      }
      double eos = copy.seen();
      double su;
      try (ItSupport it = backlog(partitions, processes, items)) {
        su = drain(it, settings(it, txSize, false), items);
      }
      double suVerify;
      try (ItSupport it = backlog(partitions, processes, items)) {
        suVerify = drain(it, settings(it, txSize, true), items);
      }
      ratios[round - 1] = su / eos;
      eosSum += eos;
      selfTimedSum += copy.selfTimed();
      suSum += su;
      System.out.printf("round %d: raw EOS copy loop %,.0f records/s (self-timed %,.0f) | SU %,.0f assignments/s "
          + "(ratio %.2f; %.2f of self-timed) | SU re-verifying signatures %,.0f/s (ratio %.2f)%n",
          round, eos, copy.selfTimed(), su, su / eos, su / copy.selfTimed(), suVerify, suVerify / eos);
      bestSu = Math.max(bestSu, su);
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    System.out.printf("SU / raw EOS over %d rounds: median %.2f, range %.2f–%.2f, ratio of mean rates %.2f "
        + "(%,.0f against %,.0f/s); against the self-timed copy loop %.2f (%,.0f/s)%n", rounds, median(sorted),
        sorted[0], sorted[rounds - 1], suSum / eosSum, suSum / rounds, eosSum / rounds, suSum / selfTimedSum,
        selfTimedSum / rounds);
    // Latency at half the measured maximum (default settings: no signature re-checks), fresh topics.
    latency(partitions, processes, txSize, bestSu / 2, Duration.ofSeconds(15));
    System.exit(0);
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static ItSupport backlog(int partitions, int processes, int items) {
    ItSupport it = new ItSupport(partitions);
    List<DataItem> procs = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      procs.add(it.process());
    }
    procs.forEach(it::send);
    for (int i = 0; i + processes < items; i++) {
      it.send(it.message(DataItems.id(procs.get(i % processes))));
    }
    it.producer.flush();
    return it;
  }

  private static Map<String, String> settings(ItSupport it, int txSize, boolean verify) {
    Map<String, String> s = new HashMap<>(it.settings());
    s.put(VowstreamConfig.SU_TRANSACTION_MAX_RECORDS.name(), Integer.toString(txSize));
    s.put(VowstreamConfig.SU_VERIFY_SIGNATURES.name(), Boolean.toString(verify));
    return s;
  }

  @SuppressWarnings("try") // the unit only has to run while we count
  private static double drain(ItSupport it, Map<String, String> settings, int items) {
    long start = System.nanoTime();
    SchedulerUnit.Builder builder =
        SchedulerUnit.builder(VowstreamConfig.resolve(settings, new Properties(), Map.of(), null));
    if (sequentialSigning) {
      builder.signingExecutor(Runnable::run);
    }
    try (SchedulerUnit unit = builder.start()) {
      long[] firstAt = {0};
      int got = KafkaBaseline.countCommitted(it.assignments, items, Duration.ofMinutes(10), () -> {
        if (firstAt[0] == 0) {
          firstAt[0] = System.nanoTime();
        }
      });
      long end = System.nanoTime();
      // Measured from the first committed assignment, so group join and restore are not counted.
      return got / ((end - firstAt[0]) / 1e9);
    } finally {
      System.out.printf("  (SU run of %d items took %.1f s including start-up)%n", items, (System.nanoTime() - start) / 1e9);
    }
  }

  @SuppressWarnings("try")
  private static void latency(int partitions, int processes, int txSize, double rate, Duration duration)
      throws Exception {
    try (ItSupport it = new ItSupport(partitions)) {
      Map<String, String> s = new HashMap<>(it.settings());
      s.put(VowstreamConfig.SU_TRANSACTION_MAX_RECORDS.name(), Integer.toString(txSize));
      int count = (int) (rate * duration.toSeconds());
      List<DataItem> procs = new ArrayList<>();
      for (int i = 0; i < processes; i++) {
        procs.add(it.process());
      }
      List<DataItem> msgs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        msgs.add(it.message(DataItems.id(procs.get(i % processes))));
      }
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      try (SchedulerUnit unit = SchedulerUnit.start(VowstreamConfig.resolve(s, new Properties(), Map.of(), null))) {
        procs.forEach(it::send);
        it.producer.flush();
        KafkaBaseline.countCommitted(it.assignments, processes, Duration.ofMinutes(2), () -> { });
        long[] latencies = new long[count];
        int[] n = {0};
        Thread reader = new Thread(() -> readLatencies(it, processes + count, sentAt, latencies, n));
        reader.start();
        long start = System.nanoTime();
        long intervalNanos = (long) (1e9 / rate);
        for (int i = 0; i < count; i++) {
          long due = start + i * intervalNanos;
          long early = due - System.nanoTime();
          if (early > 1_000_000) {
            java.util.concurrent.locks.LockSupport.parkNanos(early); // paced without burning a core
          }
          DataItem m = msgs.get(i);
          sentAt.put(DataItems.id(m), System.nanoTime());
          it.send(m);
        }
        it.producer.flush();
        reader.join(Duration.ofMinutes(2));
        long[] got = Arrays.copyOf(latencies, n[0]);
        Arrays.sort(got);
        System.out.printf("latency at %,.0f/s (half the SU maximum), %d messages: p50 %.1f ms, p99 %.1f ms%n",
            rate, got.length, got.length == 0 ? Double.NaN : got[got.length / 2] / 1e6,
            got.length == 0 ? Double.NaN : got[(int) Math.min(got.length - 1, Math.floor(got.length * 0.99))] / 1e6);
      }
    }
  }

  private static void readLatencies(ItSupport it, int expected, Map<String, Long> sentAt, long[] out, int[] n) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = consumer.partitionsFor(it.assignments).stream()
          .map(p -> new TopicPartition(it.assignments, p.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      int seen = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (seen < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          long now = System.nanoTime();
          seen++;
          ScheduledItem s = it.codec.scheduledItem.deserializer().deserialize(it.assignments, r.value());
          String mid = s.getAssignment().getMessageId();
          Long sent = mid == null ? null : sentAt.get(mid);
          if (sent != null && n[0] < out.length) {
            out[n[0]++] = now - sent;
          }
        }
      }
    }
  }

}
