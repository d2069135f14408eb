package io.vowstream.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.scheduler.SchedulerUnit;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MU and the real SU in this JVM on one broker: a pushed message gets exactly one assignment even
 * when the result that caused it is cranked twice.
 */
class PipelineWithSchedulerIT {
  static MuItSupport it;
  static SchedulerUnit su;
  static MessengerUnit mu;

  @BeforeAll
  static void start() {
    it = new MuItSupport(2);
    Map<String, String> settings = new LinkedHashMap<>(it.settings());
    settings.put(VowstreamConfig.SU_STATE_TOPIC.name(), "su-state-" + it.suffix);
    settings.put(VowstreamConfig.SU_GROUP_ID.name(), "su-" + it.suffix);
    settings.put(VowstreamConfig.SU_TRANSACTIONAL_ID.name(), "su-tx-" + it.suffix);
    settings.put(VowstreamConfig.SU_HTTP_PORT.name(), "0");
    VowstreamConfig config = it.config(settings);
    su = SchedulerUnit.builder(config).signer(MuItSupport.newKey()).start();
    mu = MessengerUnit.builder(config).signer(it.muKey).start();
  }

  @AfterAll
  static void stop() {
    if (mu != null) {
      mu.close();
    }
    if (su != null) {
      su.close();
    }
    it.close();
  }

  @Test
  void aResultCrankedTwiceGivesThePushedMessageOneAssignment() throws Exception {
    DataItem source = it.process();
    DataItem target = it.process();
    String spid = DataItems.id(source);
    String tpid = DataItems.id(target);
    assertThat(it.post(mu.httpUrl(), Ans104.encode(source)).statusCode()).isEqualTo(202);
    assertThat(it.post(mu.httpUrl(), Ans104.encode(target)).statusCode()).isEqualTo(202);
    // Both processes get their nonce-0 assignment from the SU; the MU's directory reads the source's.
    scheduleOf(tpid, 1);
    scheduleOf(spid, 1);

    // A CU would now evaluate a message for the source; this result stands in for it, delivered twice.
    Result r = Fixtures.result(spid, 1, "evaluated-" + it.suffix).setMessages(new ArrayList<>(List.of(
        Fixtures.outbox(tpid, "exactly once")))).build();
    it.sendResult(r);
    it.sendResult(r);

    List<ScheduledItem> schedule = scheduleOf(tpid, 2);
    assertThat(schedule).hasSize(2);
    ScheduledItem pushed = schedule.get(1);
    assertThat(pushed.getAssignment().getNonce()).isEqualTo(1L);
    assertThat(Fixtures.tags(pushed.getItem())).containsEntry("Pushed-For", r.getMessageId())
        .containsEntry("From-Process", spid).containsEntry("From-Module", "counter");
    // Both cranks reached the schedule topic with the same id ...
    String pushedId = DataItems.id(pushed.getItem());
    assertThat(it.scheduledUntil(items -> Fixtures.ids(items).stream().filter(pushedId::equals).count() >= 2)
        .stream().filter(i -> DataItems.id(i).equals(pushedId))).hasSize(2);
    // ... and nothing more is assigned to the target afterwards.
    List<ScheduledItem> later = scheduled(it.readUntil(it.assignments, Duration.ofSeconds(3), rs -> false)).stream()
        .filter(s -> s.getAssignment().getProcessId().equals(tpid)).toList();
    assertThat(later).hasSize(2);
  }

  List<ScheduledItem> scheduleOf(String pid, int expected) {
    return scheduled(it.readUntil(it.assignments, Duration.ofSeconds(90), rs -> scheduled(rs).stream()
        .filter(s -> s.getAssignment().getProcessId().equals(pid)).count() >= expected)).stream()
        .filter(s -> s.getAssignment().getProcessId().equals(pid)).toList();
  }

  List<ScheduledItem> scheduled(List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> rs) {
    return rs.stream().map(r -> it.codec.scheduledItem.deserializer().deserialize(it.assignments, r.value())).toList();
  }
}
