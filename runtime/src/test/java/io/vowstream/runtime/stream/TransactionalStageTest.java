package io.vowstream.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Builder validation (the stage itself is exercised against a real broker by the units' ITs). */
class TransactionalStageTest {
  static final PartitionProcessor NOOP = new PartitionProcessor() {
    @Override
    public void restore(int partition, List<StateRecord> records) {}

    @Override
    public void drop(int partition) {}

    @Override
    public List<OutputRecord> process(int partition, List<InputRecord> batch) {
      return List.of();
    }
  };

  TransactionalStage.Builder complete() {
    return TransactionalStage.builder().bootstrapServers("127.0.0.1:1").inputTopic("in").stateTopic("state")
        .groupId("g").transactionalId("tx").processor(NOOP);
  }

  @Test
  void eachMissingSettingIsNamed() {
    assertThatThrownBy(() -> TransactionalStage.builder().build()).hasMessage("TransactionalStage: bootstrapServers is not set");
    assertThatThrownBy(() -> TransactionalStage.builder().bootstrapServers("x").build()).hasMessageContaining("inputTopic");
    assertThatThrownBy(() -> TransactionalStage.builder().bootstrapServers("x").inputTopic("i").build())
        .hasMessageContaining("stateTopic");
    assertThatThrownBy(() -> TransactionalStage.builder().bootstrapServers("x").inputTopic("i").stateTopic("s").build())
        .hasMessageContaining("groupId");
    assertThatThrownBy(() -> TransactionalStage.builder().bootstrapServers("x").inputTopic("i").stateTopic("s")
        .groupId("g").build()).hasMessageContaining("transactionalId");
    assertThatThrownBy(() -> TransactionalStage.builder().bootstrapServers("x").inputTopic("i").stateTopic("s")
        .groupId("g").transactionalId("t").build()).hasMessageContaining("processor");
  }

  @Test
  void theStateTopicMustDifferFromTheInput() {
    assertThatThrownBy(() -> complete().stateTopic("in").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("must differ from the input topic in");
  }

  @Test
  void limitsAreChecked() {
    assertThatThrownBy(() -> complete().maxTransactionRecords(0)).hasMessageContaining("must be positive, got 0");
    assertThatThrownBy(() -> complete().linger(Duration.ofMillis(-1))).hasMessageContaining("must not be negative");
  }

  @Test
  void aBuiltStageThatNeverStartedClosesCleanly() {
    TransactionalStage stage = complete().build();
    stage.close();
    assertThat(stage.terminated().block(Duration.ofSeconds(5))).isNull();
  }

  @Test
  void outputRecordFactories() {
    OutputRecord k = OutputRecord.keyed("t", new byte[] {1}, new byte[] {2});
    assertThat(k.partition()).isNull();
    OutputRecord p = OutputRecord.toPartition("t", 3, new byte[] {1}, null);
    assertThat(p.partition()).isEqualTo(3);
    assertThat(p.value()).isNull();
  }
}
