package io.vowstream.benchmarks;

import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamAvroSerializer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Avro cost of one scheduler output record: a {@link ScheduledItem} (a signed assignment with
 * ten tags around a signed message with three tags and 32 bytes of data) written in the Confluent
 * wire format, by one thread and by two threads sharing one serializer (the SU serializes on its
 * signing threads). The schema id comes from an in-memory registry, as after the first record.
 *
 * <p>Reproduce: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -cp
 * benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) org.openjdk.jmh.Main
 * SerializerBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerializerBenchmark {
  private static final String TOPIC = "vowstream.assignments";

  /** One serializer and one record, shared by the benchmark threads. */
  @State(Scope.Benchmark)
  public static class Shared {
    final VowstreamAvroSerializer<ScheduledItem> serializer =
        new VowstreamAvroSerializer<>(new InMemorySchemaRegistryClient());
    ScheduledItem record;

    @Setup
    public void setUp() {
      Signer key = Signer.ed25519(new byte[32]);
      DataItem message = DataItems.sign(key, new byte[32], null, List.of(new Tag("Data-Protocol", "ao"),
          new Tag("Type", "Message"), new Tag("Action", "Increment")), new byte[32]);
      String pid = "a".repeat(42) + "A";
      DataItem assignment = DataItems.sign(key, null, null, List.of(new Tag("Process", pid),
          new Tag("Epoch", "0"), new Tag("Nonce", "7"), new Tag("Hash-Chain", "c".repeat(43)),
          new Tag("Block-Height", "000001234567"), new Tag("Timestamp", "1763000000000"),
          new Tag("Data-Protocol", "ao"), new Tag("Type", "Assignment"), new Tag("Variant", "ao.TN.1"),
          new Tag("Message", DataItems.id(message))), new byte[0]);
      record = ScheduledItem.newBuilder().setItem(message).setAssignment(Assignment.newBuilder()
          .setId(DataItems.id(assignment)).setProcessId(pid).setEpoch(0).setNonce(7)
          .setHashChain("c".repeat(43)).setBlockHeight(1_234_567).setTimestamp(1_763_000_000_000L)
          .setMessageId(DataItems.id(message)).setVariant("ao.TN.1").setItem(assignment).build()).build();
    }
  }

  @Benchmark
  public byte[] oneThread(Shared s) {
    return s.serializer.serialize(TOPIC, s.record);
  }

  @Benchmark
  @Threads(2)
  public byte[] twoThreads(Shared s) {
    return s.serializer.serialize(TOPIC, s.record);
  }
}
