package io.vowstream.launcher;

import io.vowstream.compute.ComputeUnit;
import io.vowstream.dataitem.DataItems;
import io.vowstream.messenger.MessengerUnit;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.scheduler.SchedulerUnit;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import io.vowstream.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end benchmark (not a test): messages/s from {@code vowstream.ingress} to a committed
 * result on {@code vowstream.results}, and p50/p99 latency at half that rate, with MU, SU and CU in
 * this JVM on the local broker; beside it, in the same run, the raw Kafka produce → consume
 * ({@code read_committed}) rate and latency for records of the same size on topics with the same
 * partitions. The load is counter increments spread over a number of processes.
 *
 * <pre>
 * ./mvnw -B -q -pl launcher -am -DvowstreamBuildDir=target-pipe -DskipTests install
 * ./mvnw -B -q -pl launcher -DvowstreamBuildDir=target-pipe dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/launcher-cp.txt -Dmdep.includeScope=test
 * java -cp "launcher/target-pipe/test-classes:launcher/target-pipe/classes:$(cat /tmp/launcher-cp.txt)" \
 *     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.vowstream.launcher.PipelineBenchmark [messages] [processes] [partitions]
 * </pre>
 */
public final class PipelineBenchmark {
  private static final Duration WAIT = Duration.ofMinutes(5);

  private PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int processes = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    System.out.println("load average at start: " + loadAverage() + " (" + Runtime.getRuntime().availableProcessors()
        + " cores); broker " + TestKafka.source());

    List<Row> rows = new ArrayList<>();
    try (PipelineSupport it = new PipelineSupport(partitions)) {
      VowstreamConfig config = PipelineSupport.config(it.settings());
      try (SchedulerUnit su = SchedulerUnit.builder(config).signer(PipelineSupport.newKey()).start();
          ComputeUnit cu = ComputeUnit.start(config);
          MessengerUnit mu = MessengerUnit.builder(config).signer(PipelineSupport.newKey()).start();
          KafkaProducer<byte[], byte[]> producer = producer();
          Arrivals results = new Arrivals(it.results, r -> it.result.deserializer().deserialize(it.results, r.value())
              .getMessageId())) {
        // The processes, booted before anything is measured.
        List<String> pids = new ArrayList<>();
        List<byte[]> boots = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
          DataItem p = it.process("counter@1", "0");
          pids.add(DataItems.id(p));
          boots.add(it.dataItem.serializer().serialize(it.ingress, p));
        }
        Map<String, Long> bootSent = send(producer, it, pids, pids, boots, 0);
        results.await(bootSent.keySet());

        // Items are signed and serialized ahead, so the clock measures the pipeline, not the client.
        int warmup = Math.min(1000, messages / 4);
        Batch warm = batch(it, pids, warmup);
        results.await(send(producer, it, warm.keys, warm.ids, warm.values, 0).keySet());

        Batch max = batch(it, pids, messages);
        int size = max.values.stream().mapToInt(v -> v.length).max().orElse(0);
        Map<String, Long> sent = send(producer, it, max.keys, max.ids, max.values, 0);
        long first = sent.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = results.await(sent.keySet());
        double maxRate = messages / ((last - first) / 1e9);
        rows.add(new Row("pipeline, as fast as possible", messages, size, partitions, maxRate, results.latencies(sent)));

        double half = maxRate / 2;
        int paced = (int) Math.min(messages, Math.max(200, half * 20));
        Batch slow = batch(it, pids, paced);
        Map<String, Long> slowSent = send(producer, it, slow.keys, slow.ids, slow.values, half);
        long slowLast = results.await(slowSent.keySet());
        long slowFirst = slowSent.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        rows.add(new Row(String.format("pipeline at half that rate (%.0f/s offered)", half), paced, size, partitions,
            paced / ((slowLast - slowFirst) / 1e9), results.latencies(slowSent)));

        // Raw Kafka: same record size, same partitions, same keys, same producer settings.
        String raw = "raw-" + it.suffix;
        TestKafka.createTopics(partitions, Map.of(), raw);
        try (Arrivals rawArrivals = new Arrivals(raw, r -> new String(Arrays.copyOf(r.value(), 16),
            java.nio.charset.StandardCharsets.US_ASCII))) {
          Batch rawMax = rawBatch("m", pids, messages, size);
          Map<String, Long> rawSent = sendRaw(producer, raw, rawMax, 0);
          long rawFirst = rawSent.values().stream().mapToLong(Long::longValue).min().orElseThrow();
          long rawLast = rawArrivals.await(rawSent.keySet());
          rows.add(0, new Row("raw Kafka produce -> consume, as fast as possible", messages, size, partitions,
              messages / ((rawLast - rawFirst) / 1e9), rawArrivals.latencies(rawSent)));
          Batch rawSlow = rawBatch("h", pids, paced, size);
          Map<String, Long> rawSlowSent = sendRaw(producer, raw, rawSlow, half);
          long rawSlowLast = rawArrivals.await(rawSlowSent.keySet());
          long rawSlowFirst = rawSlowSent.values().stream().mapToLong(Long::longValue).min().orElseThrow();
          rows.add(1, new Row(String.format("raw Kafka at the pipeline's half rate (%.0f/s)", half), paced, size,
              partitions, paced / ((rawSlowLast - rawSlowFirst) / 1e9), rawArrivals.latencies(rawSlowSent)));
        }
      }
    }
    System.out.println();
    System.out.printf("| %-52s | %8s | %7s | %5s | %9s | %8s | %8s |%n", "measurement", "messages", "bytes", "parts",
        "msgs/s", "p50 ms", "p99 ms");
    System.out.println("|" + "-".repeat(54) + "|" + "-".repeat(10) + "|" + "-".repeat(9) + "|" + "-".repeat(7) + "|"
        + "-".repeat(11) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|");
    for (Row r : rows) {
      System.out.printf("| %-52s | %8d | %7d | %5d | %9.0f | %8.1f | %8.1f |%n", r.name, r.messages, r.bytes,
          r.partitions, r.rate, percentile(r.latencies, 0.50), percentile(r.latencies, 0.99));
    }
    System.out.println("load average at end: " + loadAverage());
    System.exit(0);
  }

  private record Row(String name, int messages, int bytes, int partitions, double rate, long[] latencies) {}

  private record Batch(List<String> keys, List<String> ids, List<byte[]> values) {}

  private static Batch batch(PipelineSupport it, List<String> pids, int n) {
    List<String> keys = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String pid = pids.get(i % pids.size());
      DataItem m = it.message(pid, new Tag("Action", "Increment"), new Tag("Quantity", "1"));
      keys.add(pid);
      ids.add(DataItems.id(m));
      values.add(it.dataItem.serializer().serialize(it.ingress, m));
    }
    return new Batch(keys, ids, values);
  }

  /** Records of {@code size} bytes whose first 16 bytes are their id. */
  private static Batch rawBatch(String prefix, List<String> pids, int n, int size) {
    List<String> keys = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = String.format("%s%015d", prefix, i);
      byte[] v = new byte[Math.max(16, size)];
      System.arraycopy(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, v, 0, 16);
      keys.add(pids.get(i % pids.size()));
      ids.add(id);
      values.add(v);
    }
    return new Batch(keys, ids, values);
  }

  private static Map<String, Long> send(KafkaProducer<byte[], byte[]> producer, PipelineSupport it, List<String> keys,
      List<String> ids, List<byte[]> values, double rate) {
    List<byte[]> keyBytes = keys.stream().map(k -> it.key.serializer().serialize(it.ingress, k)).toList();
    return paced(producer, it.ingress, keyBytes, ids, values, rate);
  }

  private static Map<String, Long> sendRaw(KafkaProducer<byte[], byte[]> producer, String topic, Batch b, double rate) {
    List<byte[]> keyBytes = b.keys.stream().map(k -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
    return paced(producer, topic, keyBytes, b.ids, b.values, rate);
  }

  /** Sends at {@code rate} records/s (0: as fast as possible); returns each id's send time (nanoTime). */
  private static Map<String, Long> paced(KafkaProducer<byte[], byte[]> producer, String topic, List<byte[]> keys,
      List<String> ids, List<byte[]> values, double rate) {
    Map<String, Long> sent = new HashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < ids.size(); i++) {
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        long now;
        while ((now = System.nanoTime()) < due) {
          LockSupport.parkNanos(due - now);
        }
      }
      sent.put(ids.get(i), System.nanoTime());
      producer.send(new ProducerRecord<>(topic, keys.get(i), values.get(i)));
    }
    producer.flush();
    return sent;
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A read_committed consumer of a whole topic (from its end) noting when each id first arrives. */
  private static final class Arrivals implements AutoCloseable {
    private final Map<String, Long> arrived = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean positioned;

    Arrivals(String topic, Function<ConsumerRecord<byte[], byte[]>, String> id) {
      thread = new Thread(() -> {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
          List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition())).toList();
          consumer.assign(tps);
          consumer.seekToEnd(tps);
          tps.forEach(consumer::position);
          positioned = true;
          while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
              arrived.putIfAbsent(id.apply(r), System.nanoTime());
            }
          }
        }
      }, "arrivals-" + topic);
      thread.setDaemon(true);
      thread.start();
      while (!positioned) {
        LockSupport.parkNanos(10_000_000);
      }
    }

    /** Waits until every id arrived; returns the last arrival time. */
    long await(java.util.Collection<String> ids) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        long missing = ids.stream().filter(i -> !arrived.containsKey(i)).count();
        if (missing == 0) {
          return ids.stream().mapToLong(arrived::get).max().orElseThrow();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(missing + " of " + ids.size() + " did not arrive within " + WAIT);
        }
        Thread.sleep(20);
      }
    }

    long[] latencies(Map<String, Long> sent) {
      return sent.entrySet().stream().mapToLong(e -> arrived.get(e.getKey()) - e.getValue()).sorted().toArray();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5000);
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
