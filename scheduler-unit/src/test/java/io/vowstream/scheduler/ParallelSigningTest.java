package io.vowstream.scheduler;

import io.vowstream.dataitem.HashChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.SignatureType;
import io.vowstream.dataitem.Signer;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ScheduledItem;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Signing of different processes in parallel must not change a single output byte. */
class ParallelSigningTest {
  private static final int PROCESSES = 6;
  private static final int ROUNDS = 8;
  private static final Executor NOT_TO_BE_USED = r -> {
    throw new AssertionError("the batch should have been signed on the calling thread");
  };

  @Test
  void parallelSigningWritesExactlyTheRecordsOfSequentialSigning() {
    AtomicInteger tasks = new AtomicInteger();
    Executor counting = r -> {
      tasks.incrementAndGet();
      Fixtures.SIGNING_POOL.execute(r);
    };
    // Ticking clocks: the Timestamp tags show whether the clock is read in the same order.
    Fixtures sequential = new Fixtures(1, true, Fixtures.SU_KEY, Runnable::run, new TickingClock());
    Fixtures parallel = new Fixtures(1, true, Fixtures.SU_KEY, counting, new TickingClock());

    List<DataItem> batch = mixedBatch(sequential);
    for (Fixtures f : List.of(sequential, parallel)) {
      batch.forEach(item -> send(f, item));
    }
    List<String> expected = render(sequential.driver.commit());
    List<String> actual = render(parallel.driver.commit());

    assertThat(actual).containsExactlyElementsOf(expected);
    // One task per process with assignments in the batch: the work really was split.
    assertThat(tasks.get()).isEqualTo(PROCESSES);
    assertThat(parallel.assignments()).hasSize(PROCESSES * (1 + ROUNDS));
    assertThat(parallel.rejections()).extracting(r -> r.getReasonCode())
        .containsExactly("BAD_SIGNATURE", "UNKNOWN_PROCESS");
    for (ScheduledItem first : parallel.assignments().subList(0, PROCESSES)) {
      String pid = first.getAssignment().getProcessId();
      List<ScheduledItem> schedule = parallel.schedule(pid);
      assertThat(schedule).extracting(s -> s.getAssignment().getNonce())
          .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
      assertThat(HashChain.verify(pid, schedule.stream().map(ScheduledItem::getAssignment).toList())).isEmpty();
    }
  }

  @Test
  void outputKeepsInputOrderAcrossProcesses() {
    Fixtures f = new Fixtures(1);
    List<DataItem> batch = mixedBatch(f);
    batch.forEach(item -> send(f, item));
    f.driver.commit();

    List<String> scheduledIds = f.assignments().stream()
        .map(s -> s.getAssignment().getMessageId() == null
            ? s.getAssignment().getProcessId() : s.getAssignment().getMessageId())
        .toList();
    List<String> acceptedIds = new ArrayList<>();
    for (DataItem item : batch) {
      String id = io.vowstream.dataitem.DataItems.id(item);
      if (!id.equals(badId) && !id.equals(strayId) && !acceptedIds.contains(id)) {
        acceptedIds.add(id);
      }
    }
    assertThat(scheduledIds).containsExactlyElementsOf(acceptedIds);
  }

  @Test
  void smallBatchesAndSingleProcessBatchesAreSignedOnTheCallingThread() {
    Fixtures small = new Fixtures(1, true, Fixtures.SU_KEY, NOT_TO_BE_USED, Fixtures.FIXED_CLOCK);
    String a = small.sendProcess(small.process());
    String b = small.sendProcess(small.process());
    small.sendMessage(small.message(a));
    small.sendMessage(small.message(b));
    small.driver.commit();
    assertThat(small.assignments()).hasSize(4);

    Fixtures single = new Fixtures(1, true, Fixtures.SU_KEY, NOT_TO_BE_USED, Fixtures.FIXED_CLOCK);
    String pid = single.sendProcess(single.process());
    for (int i = 0; i < 30; i++) {
      single.sendMessage(single.message(pid));
    }
    single.driver.commit();
    assertThat(single.schedule(pid)).hasSize(31);
  }

  @Test
  void everyAssignmentIsExactlyWhatPlainSigningOfItsTagsWrites() {
    // The processor signs through a PreparedSigner (a saved deep-hash prefix per key); the plain
    // DataItems.sign path must give the same bytes, so readers cannot tell the two apart.
    Fixtures f = new Fixtures(1, true, Fixtures.SU_KEY, Fixtures.SIGNING_POOL, new TickingClock());
    mixedBatch(f).forEach(item -> send(f, item));
    f.driver.commit();

    assertThat(f.assignments()).hasSize(PROCESSES * (1 + ROUNDS));
    for (ScheduledItem s : f.assignments()) {
      DataItem written = s.getAssignment().getItem();
      DataItem plain = io.vowstream.dataitem.DataItems.sign(
          Fixtures.SU_KEY, null, null, written.getTags(), new byte[0]);
      assertThat(written).isEqualTo(plain);
      assertThat(s.getAssignment().getId()).isEqualTo(io.vowstream.dataitem.DataItems.id(plain));
    }
  }

  @Test
  void blockHeightsAreZeroPaddedToTwelveDigitsLikeTheFormatter() {
    for (long h : new long[] {0, 7, 123_456_789_012L, 1_234_567_890_123L, Long.MAX_VALUE, -5,
        Long.MIN_VALUE}) {
      assertThat(ScheduleProcessor.blockHeight(h)).isEqualTo(String.format("%012d", h));
    }
  }

  @Test
  void aSignerFailureInAParallelTaskFailsTheBatchWithTheSignersOwnException() {
    AtomicInteger calls = new AtomicInteger();
    Signer failing = new Signer() {
      @Override
      public SignatureType type() {
        return SignatureType.ED25519;
      }

      @Override
      public byte[] publicKey() {
        return Fixtures.SU_KEY.publicKey();
      }

      @Override
      public byte[] sign(byte[] message) {
        if (calls.incrementAndGet() == 10) {
          throw new IllegalStateException("the remote signer is unreachable");
        }
        return Fixtures.SU_KEY.sign(message);
      }
    };
    Fixtures f = new Fixtures(1, true, failing, Fixtures.SIGNING_POOL, Fixtures.FIXED_CLOCK);
    mixedBatch(f).forEach(item -> send(f, item));

    assertThatThrownBy(f.driver::commit)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the remote signer is unreachable");
    assertThat(f.driver.output(Fixtures.ASSIGNMENTS)).isEmpty();
  }

  private String badId = "";
  private String strayId = "";

  /**
   * Process items, then rounds of one message per process, with a duplicate, a bad signature and
   * a message to an unknown process mixed in.
   */
  private List<DataItem> mixedBatch(Fixtures f) {
    List<DataItem> items = new ArrayList<>();
    List<String> pids = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      DataItem p = f.process();
      items.add(p);
      pids.add(io.vowstream.dataitem.DataItems.id(p));
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (String pid : pids) {
        items.add(f.message(pid));
      }
      if (round == 2) {
        items.add(items.get(PROCESSES + 1)); // a re-submission: acknowledged, not scheduled again
        DataItem bad = f.message(pids.get(3));
        bad.setData(ByteBuffer.wrap(new byte[] {9}));
        badId = io.vowstream.dataitem.DataItems.id(bad);
        items.add(bad);
        DataItem stray = f.message(Base64Url.encode(Fixtures.seed(4)));
        strayId = io.vowstream.dataitem.DataItems.id(stray);
        items.add(stray);
      }
    }
    return items;
  }

  /** Sends to partition 0 with the key of the item's process, as the gateway would. */
  private static void send(Fixtures f, DataItem item) {
    String pid = io.vowstream.dataitem.DataItems.targetId(item)
        .orElseGet(() -> io.vowstream.dataitem.DataItems.id(item));
    f.driver.send(0, f.key(pid), f.value(item));
  }

  private static List<String> render(List<OutputRecord> records) {
    HexFormat hex = HexFormat.of();
    return records.stream().map(r -> r.topic() + "/" + r.partition() + "/"
        + (r.key() == null ? "-" : hex.formatHex(r.key())) + "/"
        + (r.value() == null ? "-" : hex.formatHex(r.value()))).toList();
  }

  /** A clock that moves one millisecond per read. */
  private static final class TickingClock extends Clock {
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-11-23T00:00:00Z").toEpochMilli());

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock has one zone");
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
      return millis.getAndIncrement();
    }
  }
}
