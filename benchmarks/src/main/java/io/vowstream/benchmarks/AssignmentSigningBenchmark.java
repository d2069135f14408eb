package io.vowstream.benchmarks;

import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.HashChain;
import io.vowstream.dataitem.PreparedSigner;
import io.vowstream.dataitem.Signer;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.util.ArrayList;
import java.util.List;
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
 * The scheduler unit's per-item CPU cost: building and signing one assignment (ten tags, no
 * target, anchor or data) with an Ed25519 key, through the plain {@link DataItems#sign} and
 * through a {@link PreparedSigner}, beside the bare Ed25519 signature of a 48-byte message and
 * the chain link. The prepared path lives in its own state class so the plain benchmarks also run
 * against an older {@code schemas} jar (swap it on the class path for a before/after).
 *
 * <p>Reproduce: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -cp
 * benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) org.openjdk.jmh.Main
 * AssignmentSigning}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AssignmentSigningBenchmark {
  private static final String PID = "a".repeat(42) + "A";
  private static final String MESSAGE = "b".repeat(42) + "A";

  /** The key and what varies per assignment. */
  @State(Scope.Thread)
  public static class Plain {
    final SigningKey key = Signer.ed25519(new byte[32]);
    final Signer noCrypto = new NoCrypto();
    final byte[] message = new byte[48];
    final String chain = HashChain.seed(PID);
    long nonce;

    List<Tag> tags() {
      nonce++;
      List<Tag> tags = new ArrayList<>(10);
      tags.add(new Tag("Process", PID));
      tags.add(new Tag("Epoch", "0"));
      tags.add(new Tag("Nonce", Long.toString(nonce)));
      tags.add(new Tag("Hash-Chain", chain));
      tags.add(new Tag("Block-Height", "000001234567"));
      tags.add(new Tag("Timestamp", Long.toString(1_763_000_000_000L + nonce)));
      tags.add(new Tag("Data-Protocol", "ao"));
      tags.add(new Tag("Type", "Assignment"));
      tags.add(new Tag("Variant", "ao.TN.1"));
      tags.add(new Tag("Message", MESSAGE));
      return tags;
    }
  }

  /**
   * A signer that returns a fixed signature: what an assignment costs apart from Ed25519 itself
   * (deep hash, tag block, the record, the id).
   */
  static final class NoCrypto implements Signer {
    private final byte[] publicKey = new byte[32];

    @Override
    public io.vowstream.dataitem.SignatureType type() {
      return io.vowstream.dataitem.SignatureType.ED25519;
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
      byte[] signature = new byte[64];
      System.arraycopy(message, 0, signature, 0, 48);
      return signature;
    }
  }

  /** The same key, prepared. */
  @State(Scope.Thread)
  public static class Prepared {
    PreparedSigner signer = PreparedSigner.of(Signer.ed25519(new byte[32]));
    PreparedSigner noCrypto = PreparedSigner.of(new NoCrypto());
  }

  @Benchmark
  public byte[] ed25519Only(Plain s) {
    s.message[0]++;
    return s.key.sign(s.message);
  }

  @Benchmark
  public String chainLink(Plain s) {
    return HashChain.next(MESSAGE, s.chain);
  }

  @Benchmark
  public String plainAssignment(Plain s) {
    DataItem item = DataItems.sign(s.key, null, null, s.tags(), new byte[0]);
    return DataItems.id(item);
  }

  @Benchmark
  public String preparedAssignment(Plain s, Prepared p) {
    DataItem item = p.signer.sign(null, null, s.tags(), new byte[0]);
    return DataItems.id(item);
  }

  @Benchmark
  public String plainWithoutCrypto(Plain s) {
    DataItem item = DataItems.sign(s.noCrypto, null, null, s.tags(), new byte[0]);
    return DataItems.id(item);
  }

  @Benchmark
  public String preparedWithoutCrypto(Plain s, Prepared p) {
    DataItem item = p.noCrypto.sign(null, null, s.tags(), new byte[0]);
    return DataItems.id(item);
  }
}
