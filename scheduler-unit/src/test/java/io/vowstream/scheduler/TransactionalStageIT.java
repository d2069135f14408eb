package io.vowstream.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.PartitionProcessor;
import io.vowstream.runtime.stream.StateRecord;
import io.vowstream.runtime.stream.TransactionalStage;
import io.vowstream.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The runtime's transactional stage on a real broker (it lives here because the runtime module
 * cannot depend on the testkit): a processing error, or an output the producer refuses, aborts the
 * transaction; the state is restored from the state topic, the consumer rewinds, and every record
 * is still applied exactly once.
 */
class TransactionalStageIT {

  /** Numbers every record per partition; the counter is the state, in state record "n". */
  static final class Numbering implements PartitionProcessor {
    final Map<Integer, Integer> counters = new HashMap<>();
    final AtomicInteger restores = new AtomicInteger();
    final AtomicBoolean failedOnce = new AtomicBoolean();
    final AtomicBoolean oversizedOnce = new AtomicBoolean();
    /** Size of the one oversized output. */
    int oversized = 2 * 1024 * 1024;
    final String outputTopic;
    final String stateTopic;
    /** The contract says calls never overlap; counts the calls that did. */
    final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();

    Numbering(String outputTopic, String stateTopic) {
      this.outputTopic = outputTopic;
      this.stateTopic = stateTopic;
    }

    private void enter() {
      if (!busy.compareAndSet(false, true)) {
        overlaps.incrementAndGet();
      }
    }

    private void leave() {
      busy.set(false);
    }

    @Override
    public void restore(int partition, List<StateRecord> records) {
      enter();
      try {
        restoreCounter(partition, records);
      } finally {
        leave();
      }
    }

    private void restoreCounter(int partition, List<StateRecord> records) {
      restores.incrementAndGet();
      int n = 0;
      for (StateRecord r : records) {
        n = Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8));
      }
      counters.put(partition, n);
    }

    @Override
    public void drop(int partition) {
      enter();
      counters.remove(partition);
      leave();
    }

    @Override
    public List<OutputRecord> process(int partition, List<InputRecord> batch) {
      enter();
      try {
        return number(partition, batch);
      } finally {
        leave();
      }
    }

    private List<OutputRecord> number(int partition, List<InputRecord> batch) {
      int n = counters.get(partition);
      List<OutputRecord> out = new java.util.ArrayList<>();
      for (InputRecord r : batch) {
        String v = new String(r.value(), StandardCharsets.UTF_8);
        if (v.equals("boom") && failedOnce.compareAndSet(false, true)) {
          throw new IllegalStateException("the first attempt at 'boom' fails");
        }
        n++;
        counters.put(partition, n); // mutated before the abort: the restore must undo it
        byte[] value = (n + ":" + v).getBytes(StandardCharsets.UTF_8);
        if ((v.equals("big") || v.equals("large")) && oversizedOnce.compareAndSet(false, true)) {
          // Larger than the producer's max.request.size: the send fails, and with it the
          // transaction. (Not the topic's max.message.bytes: the client then splits a one-record
          // batch again and again until the transaction times out.)
          value = new byte[oversized];
        }
        out.add(OutputRecord.toPartition(outputTopic, partition, r.key(), value));
      }
      out.add(OutputRecord.toPartition(stateTopic, partition, "n".getBytes(StandardCharsets.UTF_8),
          Integer.toString(n).getBytes(StandardCharsets.UTF_8)));
      return out;
    }
  }

  static String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aFailedBatchIsAbortedRestoredAndRedoneExactlyOnce() throws Exception {
    String in = "in-" + suffix;
    String out = "out-" + suffix;
    String state = "state-" + suffix;
    TestKafka.createTopics(1, Map.of(), in, out);
    TestKafka.createTopics(1, Map.of("cleanup.policy", "compact"), state);
    produce(in, 1, 300, i -> i == 150 ? "boom" : "v" + i);
    Numbering processor = new Numbering(out, state);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TransactionalStage stage = stage("numbering", suffix, in, state, 40, processor, meters).build().start();
    List<String> values;
    try {
      values = readCommitted(out, 300, Duration.ofSeconds(60));
    } finally {
      stage.close();
    }
    assertThat(stage.terminated().block(Duration.ofSeconds(5))).isNull();
    assertThat(values).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(values.get(i)).isEqualTo((i + 1) + ":" + (i == 150 ? "boom" : "v" + i));
    }
    assertThat(processor.failedOnce).isTrue();
    assertThat(processor.overlaps).hasValue(0);
    assertThat(processor.restores.get()).isGreaterThanOrEqualTo(2); // on assignment and after the abort
    assertThat(meters.counter("vowstream.stage.transaction.aborts", "stage", "numbering").count()).isEqualTo(1);
    assertThat(meters.find("vowstream.stage.transaction.records").summary().totalAmount()).isEqualTo(300);
    assertThat(meters.find("vowstream.stage.transaction.records").summary().max()).isLessThanOrEqualTo(40);
  }

  @Test
  void aTransactionWithARefusedOutputIsAbortedRewoundAndRedoneExactlyOnce() throws Exception {
    String id = java.util.UUID.randomUUID().toString().substring(0, 8);
    String in = "in-" + id;
    String out = "out-" + id;
    String state = "state-" + id;
    TestKafka.createTopics(2, Map.of(), in);
    TestKafka.createTopics(2, Map.of(), out);
    TestKafka.createTopics(2, Map.of("cleanup.policy", "compact"), state);
    produce(in, 2, 400, i -> i == 120 ? "big" : "v" + i);
    Numbering processor = new Numbering(out, state);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TransactionalStage stage = stage("numbering2", id, in, state, 30, processor, meters).build().start();
    Map<Integer, List<String>> byPartition;
    try {
      byPartition = readCommittedByPartition(out, 2, 400, Duration.ofSeconds(60));
    } finally {
      stage.close();
    }
    assertThat(stage.terminated().block(Duration.ofSeconds(5))).isNull();
    assertThat(processor.oversizedOnce).isTrue();
    assertThat(processor.overlaps).hasValue(0);
    // Per partition: every input once, in order, numbered without a gap; the oversized attempt was
    // discarded with the rest of its transaction, on both partitions.
    for (int partition = 0; partition < 2; partition++) {
      List<String> values = byPartition.get(partition);
      assertThat(values).hasSize(200);
      for (int k = 0; k < 200; k++) {
        int i = 2 * k + partition;
        assertThat(values.get(k)).isEqualTo((k + 1) + ":" + (i == 120 ? "big" : "v" + i));
      }
    }
    assertThat(meters.counter("vowstream.stage.transaction.aborts", "stage", "numbering2").count()).isEqualTo(1);
    assertThat(meters.find("vowstream.stage.transaction.records").tag("stage", "numbering2").summary().totalAmount())
        .isEqualTo(400);
  }

  /**
   * A transaction the broker aborts because it ran past its timeout is not the end of the stage.
   * Here an output above the topic's {@code max.message.bytes} (but below the producer's {@code
   * max.request.size}) keeps the client splitting and resending its batch until the broker times
   * the transaction out; the producer then gets {@code InvalidProducerEpochException}, which Kafka
   * documents as abortable, so the stage aborts, rewinds and redoes the batch.
   */
  @Test
  void aTransactionTheBrokerTimesOutIsRedoneAndTheStageGoesOn() throws Exception {
    String id = java.util.UUID.randomUUID().toString().substring(0, 8);
    String in = "in-" + id;
    String out = "out-" + id;
    String state = "state-" + id;
    TestKafka.createTopics(1, Map.of(), in);
    TestKafka.createTopics(1, Map.of("max.message.bytes", "65536"), out);
    TestKafka.createTopics(1, Map.of("cleanup.policy", "compact"), state);
    produce(in, 1, 100, i -> i == 44 ? "large" : "v" + i);
    Numbering processor = new Numbering(out, state);
    processor.oversized = 256 * 1024;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TransactionalStage stage = stage("numbering3", id, in, state, 20, processor, meters)
        .transactionTimeout(Duration.ofSeconds(2)).build().start();
    List<String> values;
    try {
      values = readCommitted(out, 100, Duration.ofSeconds(90));
    } finally {
      stage.close();
    }
    assertThat(processor.oversizedOnce).isTrue();
    assertThat(stage.terminated().block(Duration.ofSeconds(5))).isNull();
    assertThat(values).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(values.get(i)).isEqualTo((i + 1) + ":" + (i == 44 ? "large" : "v" + i));
    }
    assertThat(meters.counter("vowstream.stage.transaction.aborts", "stage", "numbering3").count()).isEqualTo(1);
  }

  private static void produce(String topic, int partitions, int count, java.util.function.IntFunction<String> value) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, i % partitions, new byte[] {1}, value.apply(i).getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  private static TransactionalStage.Builder stage(String name, String id, String in, String state, int maxRecords,
      Numbering processor, SimpleMeterRegistry meters) {
    return TransactionalStage.builder().name(name).bootstrapServers(TestKafka.bootstrapServers()).inputTopic(in)
        .stateTopic(state).groupId("g-" + id).transactionalId("tx-" + id).maxTransactionRecords(maxRecords)
        .linger(Duration.ofMillis(5)).processor(processor).meterRegistry(meters).sleeper(d -> { });
  }

  private static Map<Integer, List<String>> readCommittedByPartition(String topic, int partitions, int expected,
      Duration timeout) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<Integer, List<String>> values = new HashMap<>();
    int seen = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = java.util.stream.IntStream.range(0, partitions)
          .mapToObj(i -> new TopicPartition(topic, i)).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (seen < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          values.computeIfAbsent(r.partition(), k -> new java.util.ArrayList<>()).add(new String(r.value(), StandardCharsets.UTF_8));
          seen++;
        }
      }
      // nothing beyond the expected records
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        values.computeIfAbsent(r.partition(), k -> new java.util.ArrayList<>()).add(new String(r.value(), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static List<String> readCommitted(String topic, int expected, Duration timeout) {
    return readCommittedByPartition(topic, 1, expected, timeout).getOrDefault(0, List.of());
  }

}
