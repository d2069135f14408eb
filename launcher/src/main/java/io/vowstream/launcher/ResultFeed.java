package io.vowstream.launcher;

import io.vowstream.runtime.kafka.CommittedTopicReader;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamSerdes;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/** Prints every result committed after the run command started, one line each, as it arrives. */
final class ResultFeed implements AutoCloseable {
  private final CommittedTopicReader reader;

  ResultFeed(Map<String, Object> clientProperties, String topic, SchemaRegistryClient registry, PrintStream out,
      Clock clock) {
    long since = clock.millis();
    Deserializer<Result> results = VowstreamSerdes.result(registry).deserializer();
    this.reader = new CommittedTopicReader(clientProperties, "vowstream-result-feed", List.of(topic), r -> {
      if (r.value() != null && r.timestamp() >= since) {
        out.println("  result " + ResultLines.describe(results.deserialize(topic, r.value())));
        out.flush();
      }
    });
  }

  ResultFeed start() {
    reader.start();
    return this;
  }

  @Override
  public void close() {
    reader.close();
  }
}
