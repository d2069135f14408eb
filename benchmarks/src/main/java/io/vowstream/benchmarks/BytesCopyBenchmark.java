package io.vowstream.benchmarks;

import io.vowstream.flow.Bytes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Smoke benchmark that keeps the JMH set-up honest until the flow benchmarks land: the cost of
 * wrapping a payload in the flow engine's immutable {@link Bytes}, against a plain array copy.
 *
 * <p>Reproduce: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -cp
 * benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) org.openjdk.jmh.Main BytesCopy}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BytesCopyBenchmark {
  private final byte[] payload = new byte[256];

  @Benchmark
  public byte[] baselineArrayCopy() {
    return payload.clone();
  }

  @Benchmark
  public Bytes bytesCopy() {
    return Bytes.copyOf(payload);
  }
}
