package io.vowstream.runtime.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics a unit needs, leaving existing ones as they are. */
public final class Topics {
  private Topics() {}

  /** One topic to ensure: its name, partition count and topic-level configs. */
  public record Spec(String name, int partitions, Map<String, String> configs) {
    public Spec {
      configs = Map.copyOf(configs);
    }

    public static Spec compacted(String name, int partitions) {
      return new Spec(name, partitions, Map.of("cleanup.policy", "compact"));
    }
  }

  /**
   * Creates every missing topic with replication factor min(3, brokers) and returns the names it
   * created. Existing topics are not changed (their partition count is the operator's choice).
   */
  public static List<String> ensure(Admin admin, List<Spec> specs, Duration timeout) {
    try {
      int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      short replication = (short) Math.max(1, Math.min(3, brokers));
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Spec s : specs) {
        if (!existing.contains(s.name())) {
          missing.add(new NewTopic(s.name(), s.partitions(), replication).configs(s.configs()));
        }
      }
      if (missing.isEmpty()) {
        return List.of();
      }
      List<String> created = new ArrayList<>();
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
      awaitVisible(admin, created, timeout);
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reach the Kafka cluster to create topics: " + e, e);
    }
  }

  /**
   * Waits until every new topic can be described: creation returns before the metadata reaches
   * every broker, and a caller that describes the topic at once would otherwise be told it does
   * not exist.
   */
  private static void awaitVisible(Admin admin, List<String> topics, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!topics.isEmpty()) {
      try {
        admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException notYet) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("topics " + topics + " were created but are not visible after " + timeout);
        }
        Thread.sleep(50);
      }
    }
  }

  /** The number of partitions of an existing topic. */
  public static int partitionCount(Admin admin, String topic) {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
          .partitions().size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe topic " + topic + ": " + e, e);
    }
  }

  /**
   * Checks that {@code topic} has as many partitions as {@code input}: a stage writes what belongs
   * to input partition p (state, co-partitioned outputs) to partition p of {@code topic}.
   *
   * @throws io.vowstream.runtime.config.ConfigException naming both topics when the counts differ
   */
  public static void requireCoPartitioned(Admin admin, String topic, String input, int inputPartitions) {
    int n = partitionCount(admin, topic);
    if (n != inputPartitions) {
      throw new io.vowstream.runtime.config.ConfigException("topic " + topic + " has " + n + " partitions but "
          + input + " has " + inputPartitions + "; a stage writes what belongs to input partition p to partition p of "
          + topic);
    }
  }
}
