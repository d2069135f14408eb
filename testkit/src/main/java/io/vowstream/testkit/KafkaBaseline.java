package io.vowstream.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the pipeline benchmarks measure against, on the {@link TestKafka} broker. */
public final class KafkaBaseline {
  private KafkaBaseline() {}

  /**
   * The raw exactly-once copy loop (consume → produce → {@code sendOffsetsToTransaction} → commit),
   * one transaction per poll of at most {@code txSize} records, from {@code input} to a fresh topic.
   * The benchmarks' baseline, run on the same broker.
   *
   * <p>The rate to compare a unit with is {@link CopyLoopRate#seen}: records/s as a {@code
   * read_committed} reader of the output sees them, from the first record to the last, which is
   * how the benchmarks measure the units ({@link #countCommitted} on their output topic), so both
   * pay for the same reader on the same cores. {@link CopyLoopRate#selfTimed} is the loop's own
   * view, from its first poll to its last commit, printed beside it.
   */
  public static CopyLoopRate copyLoop(String input, int partitions, int items, int txSize) {
    String output = TestKafka.uniqueTopic("eos-copy");
    TestKafka.createTopics(partitions, Map.of(), output);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    double[] selfTimed = {Double.NaN};
    Thread loop = Thread.ofPlatform().name("eos-copy").start(() -> {
      try {
        selfTimed[0] = copy(input, output, items, txSize);
      } catch (RuntimeException e) {
        failure.set(e);
      }
    });
    long[] firstAt = {0};
    int seen = countCommitted(output, items, Duration.ofMinutes(5), () -> firstAt[0] = System.nanoTime());
    long end = System.nanoTime();
    try {
      loop.join(Duration.ofMinutes(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the copy loop", e);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the copy loop failed: " + failure.get(), failure.get());
    }
    if (seen < items) {
      throw new IllegalStateException("the copy loop's output showed " + seen + " of " + items + " records");
    }
    return new CopyLoopRate(seen / ((end - firstAt[0]) / 1e9), selfTimed[0]);
  }

  /**
   * Records/s of one copy-loop run.
   *
   * @param seen as a {@code read_committed} reader of the output saw them, first record to last
   * @param selfTimed as the loop timed itself, first poll to last commit
   */
  public record CopyLoopRate(double seen, double selfTimed) {}

  /** Copies until {@code items} records are committed; returns records/s from the first poll to the last commit. */
  private static double copy(String input, String output, int items, int txSize) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "eos-" + output);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, txSize);
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "eos-" + output);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      consumer.subscribe(List.of(input));
      int copied = 0;
      long first = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (copied < items && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> recs = consumer.poll(Duration.ofMillis(100));
        if (recs.isEmpty()) {
          continue;
        }
        if (first == 0) {
          first = System.nanoTime();
        }
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : recs) {
          byte[] v = r.value().clone();
          v[v.length - 1] ^= 1;
          producer.send(new ProducerRecord<>(output, r.partition(), r.key(), v));
          offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        copied += recs.count();
      }
      return copied / ((System.nanoTime() - first) / 1e9);
    }
  }

  /**
   * Reads {@code topic} with {@code read_committed} from its beginning until {@code expected}
   * records were seen or {@code timeout} passed; runs {@code onFirst} when the first arrive.
   * Returns how many were seen.
   */
  public static int countCommitted(String topic, int expected, Duration timeout, Runnable onFirst) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<TopicPartition> tps = List.of();
      while (tps.isEmpty() && System.nanoTime() < deadline) {
        tps = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      int seen = 0;
      while (seen < expected && System.nanoTime() < deadline) {
        int got = consumer.poll(Duration.ofMillis(50)).count();
        if (got > 0 && seen == 0) {
          onFirst.run();
        }
        seen += got;
      }
      return seen;
    }
  }
}
