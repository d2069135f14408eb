package io.vowstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.compute.ComputeUnit;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.messenger.MessengerUnit;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.scheduler.SchedulerUnit;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.serde.VowstreamAvroDeserializer;
import io.vowstream.schemas.serde.VowstreamAvroSerializer;
import io.vowstream.testkit.TestKafka;
import io.vowstream.testkit.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A client that knows only Kafka and the project's serializer: it produces signed items to the
 * ingress topic with a plain {@link KafkaProducer} configured by properties (serializer class and
 * registry URL, as any Kafka application would) and reads the result from the results topic with a
 * plain {@code read_committed} {@link KafkaConsumer}. The units run in this JVM, but the client
 * touches none of their classes; signing uses the schemas module's {@code DataItems}, the
 * project's public ANS-104 library.
 */
class PlainProducerIT {

  @Test
  void aPlainProducerSubmitsAndAPlainConsumerReadsTheResult() throws Exception {
    try (PipelineSupport it = new PipelineSupport(2)) {
      VowstreamConfig config = PipelineSupport.config(it.settings());
      try (SchedulerUnit su = SchedulerUnit.builder(config).signer(PipelineSupport.newKey()).start();
          ComputeUnit cu = ComputeUnit.start(config);
          MessengerUnit mu = MessengerUnit.builder(config).signer(PipelineSupport.newKey()).start()) {
        SigningKey user = PipelineSupport.newKey();
        DataItem process = DataItems.sign(user, null, null, List.of(new Tag("Data-Protocol", "ao"),
            new Tag("Type", "Process"), new Tag("Module", "counter@1"), new Tag("Scheduler", su.address()),
            new Tag("On-Boot", "Data")), "10".getBytes(StandardCharsets.UTF_8));
        String pid = DataItems.id(process);
        DataItem message = DataItems.sign(user, Base64Url.decode(pid), null, List.of(new Tag("Data-Protocol", "ao"),
            new Tag("Type", "Message"), new Tag("Action", "Increment"), new Tag("Quantity", "5")), new byte[0]);
        String mid = DataItems.id(message);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, VowstreamAvroSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, VowstreamAvroSerializer.class.getName());
        p.put("schema.registry.url", TestRegistry.url());
        try (KafkaProducer<String, DataItem> producer = new KafkaProducer<>(p)) {
          // Keyed by process id, so the process and its message share a partition and keep their order.
          producer.send(new ProducerRecord<>(it.ingress, pid, process)).get();
          producer.send(new ProducerRecord<>(it.ingress, pid, message)).get();
        }

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "plain-consumer-" + it.suffix);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, VowstreamAvroDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, VowstreamAvroDeserializer.class.getName());
        c.put("schema.registry.url", TestRegistry.url());
        Map<String, Result> byMessage = new HashMap<>();
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(c)) {
          consumer.subscribe(List.of(it.results));
          long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
          while (!byMessage.containsKey(mid) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
              keys.add(String.valueOf(r.key()));
              Result res = (Result) r.value();
              byMessage.put(res.getMessageId(), res);
            });
          }
        }
        assertThat(byMessage).as("results read: %s", byMessage.keySet()).containsKeys(pid, mid);
        Result boot = byMessage.get(pid);
        assertThat(boot.getNonce()).isZero();
        assertThat(boot.getOutput()).isEqualTo("booted with count 10");
        Result result = byMessage.get(mid);
        assertThat(result.getProcessId()).isEqualTo(pid);
        assertThat(result.getNonce()).isEqualTo(1);
        assertThat(result.getOutput()).isEqualTo("15");
        assertThat(result.getError()).isNull();
        assertThat(keys).allMatch(pid::equals);
      }
    }
  }
}
