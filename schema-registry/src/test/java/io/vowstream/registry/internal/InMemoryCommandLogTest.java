package io.vowstream.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InMemoryCommandLogTest {

  private final InMemoryCommandLog log = new InMemoryCommandLog();
  private static final Duration SHORT = Duration.ofMillis(20);

  private long append(String value) {
    return log.append(new byte[] {1}, value.getBytes(), Duration.ofSeconds(1));
  }

  @Test
  void appendsGetDenseOffsetsAndReadersSeeThemInOrder() {
    assertThat(append("a")).isZero();
    assertThat(append("b")).isEqualTo(1);
    assertThat(log.endOffset(SHORT)).isEqualTo(2);
    CommandLog.Batch batch = log.openReader().poll(0, SHORT);
    assertThat(batch.entries()).extracting(e -> new String(e.value())).containsExactly("a", "b");
    assertThat(batch.nextOffset()).isEqualTo(2);
    CommandLog.Batch rest = log.openReader().poll(1, SHORT);
    assertThat(rest.entries()).extracting(CommandLog.Entry::offset).containsExactly(1L);
  }

  @Test
  void anEmptyPollStaysAtItsOffset() {
    CommandLog.Batch batch = log.openReader().poll(0, SHORT);
    assertThat(batch.entries()).isEmpty();
    assertThat(batch.nextOffset()).isZero();
  }

  @Test
  void heldBackRecordsAreInvisibleUntilReleased() {
    append("a");
    log.holdBack();
    assertThat(append("b")).isEqualTo(1);
    assertThat(log.endOffset(SHORT)).isEqualTo(1);
    assertThat(log.appendedCount()).isEqualTo(2);
    CommandLog.Reader reader = log.openReader();
    assertThat(reader.poll(1, SHORT).entries()).isEmpty();
    log.release();
    assertThat(log.endOffset(SHORT)).isEqualTo(2);
    assertThat(reader.poll(1, SHORT).entries()).hasSize(1);
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void wakeupEndsAPollEarly() {
    CommandLog.Reader reader = log.openReader();
    reader.wakeup();
    // Without the wakeup this poll would outlast the test's timeout.
    assertThat(reader.poll(0, Duration.ofMinutes(10)).entries()).isEmpty();
  }

  @Test
  void storedBytesAreCopies() {
    byte[] value = {7};
    log.append(new byte[] {1}, value, SHORT);
    value[0] = 9;
    assertThat(log.snapshot().getFirst().value()).containsExactly(7);
  }
}
