package io.vowstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.localkafka.LocalKafkaBroker;
import io.vowstream.localkafka.LocalKafkaException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerIT {

  @Test
  void sharedBrokerCarriesATransactionalRoundTrip() throws Exception {
    String topic = TestKafka.uniqueTopic("roundtrip");
    TestKafka.createTopics(topic);
    Map<String, Object> producerConfig = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + topic);
    try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "aborted", "never seen"));
      producer.abortTransaction();
    }
    List<String> values = readAll(TestKafka.bootstrapServers(), topic, 10);
    assertThat(values).containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
  }

  @Test
  void closeStopsTheProcessByPidAndDeletesItsTemporaryDirectory() throws Exception {
    LocalKafkaBroker broker = LocalKafkaBroker.builder().start();
    ProcessHandle handle = ProcessHandle.of(broker.pid()).orElseThrow();
    Path dir = broker.workDir();
    assertThat(handle.isAlive()).isTrue();
    assertThat(dir.resolve("broker.log")).exists();

    broker.close();

    assertThat(handle.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    assertThat(dir).doesNotExist();
  }

  @Test
  void aPersistentDirectoryKeepsTopicsAcrossRestarts(@TempDir Path dir) throws Exception {
    String topic = "kept";
    int port;
    try (LocalKafkaBroker first = LocalKafkaBroker.builder().workDir(dir).start()) {
      port = Integer.parseInt(first.bootstrapServers().substring(first.bootstrapServers().lastIndexOf(':') + 1));
      try (Admin admin = adminFor(first.bootstrapServers())) {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
      }
    }
    try (LocalKafkaBroker second = LocalKafkaBroker.builder().workDir(dir).port(port).start()) {
      try (Admin admin = adminFor(second.bootstrapServers())) {
        Set<String> names = admin.listTopics().names().get(60, TimeUnit.SECONDS);
        assertThat(names).contains(topic);
      }
    }
    assertThat(Files.exists(dir.resolve("cluster.id"))).as("a persistent directory is kept").isTrue();
  }

  @Test
  void aBusyPortIsReportedBeforeLaunching() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      assertThatThrownBy(() -> LocalKafkaBroker.builder().port(busy.getLocalPort()).startTimeout(Duration.ofSeconds(5)).start())
          .isInstanceOf(LocalKafkaException.class)
          .hasMessageContaining("port " + busy.getLocalPort())
          .hasMessageContaining("in use");
    }
  }

  private static Admin adminFor(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  static List<String> readAll(String bootstrap, String topic, int expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "g-" + topic,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      // One more poll: anything beyond `expected` (e.g. an aborted record) would show up here.
      consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
    }
    return values;
  }
}
