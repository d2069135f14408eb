package io.vowstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.compute.ComputeUnit;
import io.vowstream.compute.ModuleRegistry;
import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.messenger.MessengerUnit;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.scheduler.SchedulerUnit;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.OutboxAssignment;
import io.vowstream.schemas.OutboxMessage;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline in this JVM on a real broker: MU, SU and CU (with the example modules and the
 * test module {@code probe@1}), driven through the MU's {@code POST /} like the CLI does. Covers
 * ao's MU scenarios 19–25 (reference/ao.md §6) and the token demo.
 */
class PipelineIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static PipelineSupport it;
  static SchedulerUnit su;
  static ComputeUnit cu;
  static MessengerUnit mu;
  static PipelineClient client;
  static String muAddress;

  @BeforeAll
  static void start() {
    it = new PipelineSupport(2);
    VowstreamConfig config = PipelineSupport.config(it.settings());
    su = SchedulerUnit.builder(config).signer(PipelineSupport.newKey()).start();
    ModuleRegistry modules = ModuleRegistry.discover(PipelineIT.class.getClassLoader()).register(new ProbeModule());
    cu = ComputeUnit.builder(config).modules(modules).start();
    mu = MessengerUnit.builder(config).signer(PipelineSupport.newKey()).start();
    muAddress = mu.address();
    client = new PipelineClient(mu.httpUrl(), cu.httpUrl(), su.httpUrl());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {mu, cu, su, it}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("could not close " + c + ": " + e);
      }
    }
  }

  /** Spawns a process through the MU and waits for its boot result; returns its id. */
  static String spawn(String module, String boot, Tag... tags) {
    DataItem p = it.process(module, boot, tags);
    String id = client.submit(p);
    assertThat(id).isEqualTo(DataItems.id(p));
    client.awaitResult(id, id, WAIT);
    return id;
  }

  static String send(String pid, Tag... tags) {
    return client.submit(it.message(pid, tags));
  }

  /** Scheduled items (assignments topic) until {@code done} holds for them. */
  static List<ScheduledItem> scheduledUntil(Predicate<List<ScheduledItem>> done) {
    return it.scheduled(PipelineSupport.readUntil(it.assignments, WAIT, rs -> done.test(it.scheduled(rs))));
  }

  static List<ScheduledItem> scheduleOf(String pid, List<ScheduledItem> all) {
    return all.stream().filter(s -> s.getAssignment().getProcessId().equals(pid)).toList();
  }

  static List<Result> resultsUntil(Predicate<List<Result>> done) {
    return it.results(PipelineSupport.readUntil(it.results, WAIT, rs -> done.test(it.results(rs))));
  }

  // ---- 19: recursive cranking until quiescence ----

  @Test
  void outboxMessagesAreCrankedRecursivelyUntilQuiescenceWithProvenanceTags() throws Exception {
    String a = spawn("probe@1", "");
    String b = spawn("probe@1", "");
    String ping = send(a, new Tag("Action", "Ping-Pong"), new Tag("Peer", b), new Tag("Hops", "4"));

    // a gets Hops 4, 2, 0 and b gets 3, 1: five evaluations, four pushes, then nothing more to send.
    JsonNode stateA = it.awaitJson(cu.httpUrl() + "/state/" + a, WAIT, n -> n.path("state").path("hops").asLong() == 3);
    JsonNode stateB = it.awaitJson(cu.httpUrl() + "/state/" + b, WAIT, n -> n.path("state").path("hops").asLong() == 2);
    assertThat(stateA.path("nonce").asLong()).isEqualTo(3);
    assertThat(stateB.path("nonce").asLong()).isEqualTo(2);

    List<ScheduledItem> all = scheduledUntil(ss -> scheduleOf(a, ss).size() == 4 && scheduleOf(b, ss).size() == 3);
    List<ScheduledItem> onA = scheduleOf(a, all);
    List<ScheduledItem> onB = scheduleOf(b, all);
    assertThat(PipelineSupport.itemId(onA.get(1))).isEqualTo(ping);
    // Each push names its source process and module and the message whose evaluation produced it.
    String cause = ping;
    List<ScheduledItem> chain = List.of(onB.get(1), onA.get(2), onB.get(2), onA.get(3));
    for (int i = 0; i < chain.size(); i++) {
      ScheduledItem s = chain.get(i);
      Map<String, String> tags = PipelineSupport.tags(s.getItem());
      String source = i % 2 == 0 ? a : b;
      assertThat(tags).as("push %d", i).containsEntry("From-Process", source).containsEntry("From-Module", "probe@1")
          .containsEntry("Pushed-For", cause).containsEntry("Hops", Long.toString(3 - i))
          .containsEntry("Data-Protocol", "ao").containsEntry("Type", "Message");
      assertThat(DataItems.ownerAddress(s.getItem())).as("pushes are signed by the MU").isEqualTo(muAddress);
      cause = PipelineSupport.itemId(s);
    }
    // Quiescence: the last evaluation's result has an empty outbox, and nothing else is scheduled.
    JsonNode last = client.awaitResult(cause, a, WAIT);
    assertThat(last.path("Messages").size()).isZero();
    List<ScheduledItem> later = it.scheduled(PipelineSupport.readAll(it.assignments));
    assertThat(scheduleOf(a, later)).hasSize(4);
    assertThat(scheduleOf(b, later)).hasSize(3);

    // The user's anchor stays on the item the SU schedules, unchanged.
    DataItem submitted = it.message(b, new Tag("Action", "Ping-Pong"), new Tag("Hops", "0"));
    client.awaitResult(client.submit(submitted), b, WAIT);
    ScheduledItem scheduled = scheduleOf(b, scheduledUntil(ss -> scheduleOf(b, ss).size() == 4)).get(3);
    assertThat(scheduled.getItem().getAnchor()).isEqualTo(submitted.getAnchor());
  }

  @Test
  void aProcessSuppliedAnchorIsKeptAsAnAnchorTagOnThePush() throws Exception {
    // CU modules cannot set an outbox anchor (ModuleContext has no parameter for it), so a result
    // carrying one stands in for a process that did, cranked like any other result.
    String source = spawn("probe@1", "");
    String target = spawn("probe@1", "");
    String anchor = "my-anchor-" + it.suffix;
    OutboxMessage m = OutboxMessage.newBuilder().setTarget(target).setAnchor(anchor)
        .setTags(new ArrayList<>(List.of(new Tag("Action", "Ping-Pong"), new Tag("Hops", "0"))))
        .setData(ByteBuffer.wrap(new byte[0])).build();
    Result boot = resultsUntil(rs -> rs.stream().anyMatch(r -> r.getProcessId().equals(source))).stream()
        .filter(r -> r.getProcessId().equals(source)).findFirst().orElseThrow();
    Result fake = Result.newBuilder(boot).setNonce(1000).setMessageId("anchor-test-" + it.suffix)
        .setMessages(new ArrayList<>(List.of(m))).build();
    it.send(it.results, source, it.result.serializer().serialize(it.results, fake));

    ScheduledItem pushed = scheduleOf(target, scheduledUntil(ss -> scheduleOf(target, ss).size() == 2)).get(1);
    assertThat(PipelineSupport.tags(pushed.getItem())).containsEntry("Anchor", anchor)
        .containsEntry("From-Process", source).containsEntry("Pushed-For", "anchor-test-" + it.suffix);
  }

  // ---- 15: CU-generated cron messages ----

  @Test
  void cronTicksBetweenTwoMessagesAreEvaluatedOnceEachInOrderAndPagedByCron() throws Exception {
    String p = spawn("probe@1", "", new Tag("Cron-Interval", "1-seconds"), new Tag("Cron-Tag-Action", "Tick"));
    String m1 = send(p, new Tag("Action", "Ping-Pong"), new Tag("Hops", "0"));
    client.awaitResult(m1, p, WAIT);
    // Lets the SU's clock pass a few ticks; what is checked below is computed from the timestamps
    // the SU actually assigned, not from this pause.
    Thread.sleep(2_500);
    String m2 = send(p, new Tag("Action", "Ping-Pong"), new Tag("Hops", "0"));
    client.awaitResult(m2, p, WAIT);

    List<ScheduledItem> schedule = scheduleOf(p, scheduledUntil(ss -> scheduleOf(p, ss).size() == 3));
    long[] at = schedule.stream().mapToLong(s -> s.getAssignment().getTimestamp()).toArray();
    // Tick k is at boot + k seconds; each is evaluated before the first message at or after it,
    // with the nonce of the message before it.
    List<String> expected = new ArrayList<>();
    for (int n = 1; n < 3; n++) {
      expected.add(Long.toString(n - 1));
      for (long k = 1; at[0] + k * 1_000 <= at[n]; k++) {
        if (at[0] + k * 1_000 > at[n - 1]) {
          expected.add((n - 1) + " 0:" + k + "-1-seconds");
        }
      }
    }
    expected.add("2");
    long ticks = expected.stream().filter(e -> e.contains(" ")).count();
    assertThat(ticks).as("the messages are %d ms apart", at[2] - at[1]).isGreaterThanOrEqualTo(2);

    List<Result> ofP = resultsUntil(rs -> rs.stream().filter(r -> r.getProcessId().equals(p)).count()
        >= expected.size()).stream().filter(r -> r.getProcessId().equals(p)).toList();
    assertThat(ofP).extracting(r -> r.getNonce() + (r.getCron() == null ? "" : " " + r.getCron()))
        .containsExactlyElementsOf(expected);
    List<Result> crons = ofP.stream().filter(r -> r.getCron() != null).toList();
    for (int i = 0; i < crons.size(); i++) {
      Result r = crons.get(i);
      assertThat(r.getError()).as(r.getCron()).isNull();
      assertThat(r.getOutput()).startsWith("tick " + (i + 1) + " Tick at ");
    }
    JsonNode state = it.awaitJson(cu.httpUrl() + "/state/" + p, WAIT, n -> n.path("nonce").asLong() == 2);
    assertThat(state.path("state").path("ticks").asLong()).isEqualTo(ticks);

    JsonNode page = it.awaitJson(cu.httpUrl() + "/cron/" + p, WAIT, n -> n.path("edges").size() == ticks);
    List<String> cursors = new ArrayList<>();
    page.path("edges").forEach(e -> cursors.add(e.path("cursor").asText()));
    assertThat(cursors).containsExactlyElementsOf(crons.stream().map(r -> r.getNonce() + "," + r.getCron()).toList());
    assertThat(page.path("edges").get(0).path("node").path("Output").asText()).isEqualTo(crons.get(0).getOutput());
    assertThat(page.path("page_info").path("has_next_page").asBoolean()).isFalse();
  }

  // ---- 19: outbox assignments ----

  @Test
  void anOutboxAssignmentMakesEachTargetEvaluateTheMessageOnceEvenIfCrankedTwice() throws Exception {
    String a = spawn("probe@1", "");
    String b = spawn("probe@1", "");
    String c = spawn("probe@1", "");
    String m = send(a, new Tag("Action", "Assign-To"), new Tag("To", b + "," + c));

    // b and c evaluate a's message as an assigned item: its result carries the message's id.
    JsonNode onB = client.awaitResult(m, b, WAIT);
    JsonNode onC = client.awaitResult(m, c, WAIT);
    assertThat(onB.path("Output").asText()).isEqualTo("assigned " + m + " (Message)");
    assertThat(onC.path("Output").asText()).isEqualTo("assigned " + m + " (Message)");
    assertThat(onB.path("nonce").asLong()).isEqualTo(1);
    List<ScheduledItem> all = scheduledUntil(ss -> scheduleOf(b, ss).size() == 2 && scheduleOf(c, ss).size() == 2);
    for (String target : List.of(b, c)) {
      ScheduledItem s = scheduleOf(target, all).get(1);
      // The scheduled body is the user's own signed message to a, not the MU's Assign.
      assertThat(s.getAssignment().getMessageId()).isEqualTo(m);
      assertThat(PipelineSupport.itemId(s)).isEqualTo(m);
      assertThat(DataItems.targetId(s.getItem())).contains(a);
      assertThat(DataItems.ownerAddress(s.getItem())).isEqualTo(it.user.address());
    }

    // a's result is cranked a second time: the same Assigns again, no second nonce on b or c.
    Result original = resultsUntil(rs -> rs.stream().anyMatch(x -> x.getMessageId().equals(m)
        && x.getProcessId().equals(a))).stream().filter(x -> x.getMessageId().equals(m) && x.getProcessId().equals(a))
        .findFirst().orElseThrow();
    assertThat(original.getAssignments()).hasSize(1);
    it.send(it.results, a, it.result.serializer().serialize(it.results, original));
    List<DataItem> assigns = PipelineSupport.readUntil(it.schedule, WAIT, rs -> assignsOf(rs, m).size() >= 4).stream()
        .map(x -> it.dataItem.deserializer().deserialize(it.schedule, x.value()))
        .filter(x -> "Assign".equals(PipelineSupport.tags(x).get("Type"))
            && m.equals(PipelineSupport.tags(x).get("Message"))).toList();
    assertThat(assigns.stream().map(DataItems::id).distinct()).as("two Assigns, each pushed twice").hasSize(2);
    // Markers sent afterwards land behind the repeats on the targets' schedule partitions.
    for (String target : List.of(b, c)) {
      String marker = send(target, new Tag("Action", "Ping-Pong"), new Tag("Hops", "0"));
      assertThat(client.awaitResult(marker, target, WAIT).path("nonce").asLong()).isEqualTo(2);
    }
    List<ScheduledItem> later = it.scheduled(PipelineSupport.readAll(it.assignments));
    for (String target : List.of(b, c)) {
      assertThat(scheduleOf(target, later).stream().filter(s -> PipelineSupport.itemId(s).equals(m)))
          .as("m on %s", target).hasSize(1);
      assertThat(scheduleOf(target, later)).hasSize(3);
      JsonNode state = it.getJson(cu.httpUrl() + "/state/" + target);
      assertThat(state.path("state").path("assigned").asText()).isEqualTo(m);
    }
  }

  @Test
  void anOutboxAssignmentOfAMessageNeverScheduledIsRejected() throws Exception {
    String a = spawn("probe@1", "");
    String b = spawn("probe@1", "");
    // A result naming an item id nobody scheduled stands in for a module that assigns a made-up id.
    String missing = Base64Url.encode(new byte[32]);
    Result boot = resultsUntil(rs -> rs.stream().anyMatch(r -> r.getProcessId().equals(a))).stream()
        .filter(r -> r.getProcessId().equals(a)).findFirst().orElseThrow();
    Result fake = Result.newBuilder(boot).setNonce(1000).setMessageId("assign-test-" + it.suffix)
        .setAssignments(new ArrayList<>(List.of(OutboxAssignment.newBuilder().setMessageId(missing)
            .setProcesses(new ArrayList<>(List.of(b))).build()))).build();
    it.send(it.results, a, it.result.serializer().serialize(it.results, fake));

    Rejection r = it.rejections(PipelineSupport.readUntil(it.rejected, WAIT, rs -> it.rejections(rs).stream()
        .anyMatch(x -> ("assign-test-" + it.suffix).equals(x.getItemId())))).stream()
        .filter(x -> ("assign-test-" + it.suffix).equals(x.getItemId())).findFirst().orElseThrow();
    assertThat(r.getUnit()).isEqualTo("mu");
    assertThat(r.getReasonCode()).isEqualTo("UNKNOWN_MESSAGE");
    assertThat(r.getMessage()).contains(missing);
    // The crank went on: a later message to b is b's next item.
    String marker = send(b, new Tag("Action", "Ping-Pong"), new Tag("Hops", "0"));
    assertThat(client.awaitResult(marker, b, WAIT).path("nonce").asLong()).isEqualTo(1);
  }

  private List<DataItem> assignsOf(List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records,
      String message) {
    return records.stream().map(x -> it.dataItem.deserializer().deserialize(it.schedule, x.value()))
        .filter(x -> "Assign".equals(PipelineSupport.tags(x).get("Type"))
            && message.equals(PipelineSupport.tags(x).get("Message"))).toList();
  }

  // ---- 20: spawn from a process ----

  @Test
  void aProcessSpawnsAChildThatBootsAtNonceZeroAndTheParentGetsSpawned() throws Exception {
    String parent = spawn("probe@1", "");
    String request = send(parent, new Tag("Action", "Spawn-Child"));

    JsonNode parentState = it.awaitJson(cu.httpUrl() + "/state/" + parent, WAIT,
        n -> !n.path("state").path("spawned").asText().isEmpty() && !n.path("state").path("child-booted").asText().isEmpty());
    String child = parentState.path("state").path("spawned").asText();
    // The Spawned message names the child, carries the child's own Reference and comes from it.
    assertThat(parentState.path("state").path("spawned-reference").asText()).isEqualTo("child-of-" + request);
    assertThat(parentState.path("state").path("spawned-from").asText()).isEqualTo(child);
    // The child's boot outbox was cranked: its Child-Booted reached the parent.
    assertThat(parentState.path("state").path("child-booted").asText()).isEqualTo(child);

    List<ScheduledItem> all = scheduledUntil(ss -> !scheduleOf(child, ss).isEmpty());
    ScheduledItem childBoot = scheduleOf(child, all).get(0);
    assertThat(childBoot.getAssignment().getNonce()).isZero();
    assertThat(childBoot.getAssignment().getMessageId()).isNull();
    Map<String, String> childTags = PipelineSupport.tags(childBoot.getItem());
    assertThat(childTags).containsEntry("Type", "Process").containsEntry("Module", "probe@1")
        .containsEntry("From-Process", parent).containsEntry("From-Module", "probe@1").containsEntry("Pushed-For", request)
        .containsEntry("Scheduler", "su");
    JsonNode childBootResult = client.awaitResult(child, child, WAIT);
    assertThat(childBootResult.path("nonce").asLong()).isZero();
    assertThat(childBootResult.path("Output").asText()).isEqualTo("probe booted");
    JsonNode childState = it.getJson(cu.httpUrl() + "/state/" + child);
    assertThat(childState.path("state").path("boot-input").asText()).isEqualTo("child input");
  }

  // ---- 21: user spawn with On-Boot ----

  @Test
  void aUserSpawnWithOnBootGetsItsBootResult() throws Exception {
    DataItem p = it.process("counter@1", "41");
    String pid = client.submit(p);
    JsonNode boot = it.awaitJson(cu.httpUrl() + "/result/" + pid, WAIT, n -> true);
    assertThat(boot.path("nonce").asLong()).isZero();
    assertThat(boot.path("message_id").asText()).isEqualTo(pid);
    assertThat(boot.path("Output").asText()).isEqualTo("booted with count 41");
    JsonNode inc = client.awaitResult(send(pid, new Tag("Action", "Increment")), pid, WAIT);
    assertThat(inc.path("nonce").asLong()).isEqualTo(1);
    assertThat(inc.path("Output").asText()).isEqualTo("42");
  }

  @Test
  void aUserSpawnWithATargetIsAssignedToTheTargetAndItsBootOutboxIsCranked() throws Exception {
    String target = spawn("probe@1", "");
    byte[] anchor = new byte[32];
    new Random().nextBytes(anchor);
    DataItem p = DataItems.sign(it.user, Base64Url.decode(target), anchor, List.of(new Tag("Data-Protocol", "ao"),
        new Tag("Type", "Process"), new Tag("Module", "probe@1"), new Tag("Scheduler", "su"),
        new Tag("On-Boot", "Data"), new Tag("Notify", target)), "spawn input".getBytes(StandardCharsets.UTF_8));
    String pid = client.submit(p);
    assertThat(pid).isEqualTo(DataItems.id(p));

    // The new process boots at nonce 0 ...
    JsonNode boot = client.awaitResult(pid, pid, WAIT);
    assertThat(boot.path("nonce").asLong()).isZero();
    assertThat(boot.path("Output").asText()).isEqualTo("probe booted");
    // ... the target evaluates the process item as an assigned item ...
    JsonNode assigned = client.awaitResult(pid, target, WAIT);
    assertThat(assigned.path("Output").asText()).isEqualTo("assigned " + pid + " (Process)");
    // ... and the boot outbox (Child-Booted to the target) was cranked.
    JsonNode state = it.awaitJson(cu.httpUrl() + "/state/" + target, WAIT,
        n -> !n.path("state").path("child-booted").asText().isEmpty());
    assertThat(state.path("state").path("child-booted").asText()).isEqualTo(pid);
    assertThat(state.path("state").path("assigned").asText()).isEqualTo(pid);

    List<ScheduledItem> all = scheduledUntil(ss -> scheduleOf(target, ss).size() == 3);
    List<ScheduledItem> onTarget = scheduleOf(target, all);
    ScheduledItem item = onTarget.stream().filter(s -> pid.equals(s.getAssignment().getMessageId())).findFirst()
        .orElseThrow();
    assertThat(item.getAssignment().getNonce()).isPositive();
    assertThat(item.getItem()).isEqualTo(p);
    assertThat(scheduleOf(pid, all)).hasSize(1);
    assertThat(scheduleOf(pid, all).getFirst().getAssignment().getMessageId()).isNull();
  }

  // ---- 22: duplicates ----

  @Test
  void theSameItemSubmittedTwiceAndAResultCrankedTwiceAreScheduledOnce() throws Exception {
    String a = spawn("probe@1", "");
    String b = spawn("probe@1", "");
    DataItem twice = it.message(a, new Tag("Action", "Ping-Pong"), new Tag("Peer", b), new Tag("Hops", "1"));
    String id = client.submit(twice);
    assertThat(client.submit(twice)).isEqualTo(id);
    // ... and once more straight onto the ingress topic.
    it.send(it.ingress, a, it.dataItem.serializer().serialize(it.ingress, twice));
    JsonNode r = client.awaitResult(id, a, WAIT);
    assertThat(r.path("nonce").asLong()).isEqualTo(1);
    it.awaitJson(cu.httpUrl() + "/state/" + b, WAIT, n -> n.path("state").path("hops").asLong() == 1);

    // The result that pushed to b is cranked a second time: same push id, no second assignment.
    Result original = resultsUntil(rs -> rs.stream().anyMatch(x -> x.getMessageId().equals(id))).stream()
        .filter(x -> x.getMessageId().equals(id)).findFirst().orElseThrow();
    assertThat(original.getMessages()).hasSize(1);
    String pushId = PipelineSupport.itemId(scheduleOf(b, scheduledUntil(ss -> scheduleOf(b, ss).size() == 2)).get(1));
    it.send(it.results, a, it.result.serializer().serialize(it.results, original));
    // The push reaches the schedule topic a second time, with the same id ...
    List<DataItem> onSchedule = PipelineSupport.readUntil(it.schedule, WAIT, rs -> rs.stream()
        .filter(x -> DataItems.id(it.dataItem.deserializer().deserialize(it.schedule, x.value())).equals(pushId)).count() >= 2)
        .stream().map(x -> it.dataItem.deserializer().deserialize(it.schedule, x.value())).toList();
    assertThat(onSchedule.stream().filter(x -> DataItems.id(x).equals(pushId))).hasSize(2);
    // ... and a marker sent to b afterwards lands behind it on b's schedule partition, so once the
    // marker is evaluated the SU has handled the repeat.
    String marker = send(b, new Tag("Action", "Ping-Pong"), new Tag("Hops", "0"));
    client.awaitResult(marker, b, WAIT);
    it.awaitJson(cu.httpUrl() + "/state/" + b, WAIT, n -> n.path("state").path("hops").asLong() == 2);
    List<ScheduledItem> later = it.scheduled(PipelineSupport.readAll(it.assignments));
    assertThat(scheduleOf(a, later).stream().filter(s -> PipelineSupport.itemId(s).equals(id))).hasSize(1);
    List<ScheduledItem> onB = scheduleOf(b, later);
    assertThat(onB).as("b: boot, the push, the marker").hasSize(3);
    assertThat(onB.stream().map(s -> s.getAssignment().getNonce()).toList()).containsExactly(0L, 1L, 2L);
    assertThat(PipelineSupport.itemId(onB.get(2))).isEqualTo(marker);
    // One result per scheduled item of a.
    List<Result> resultsOfA = it.results(PipelineSupport.readAll(it.results)).stream().filter(x -> x.getProcessId().equals(a)
        && x.getNonce() < 1000).toList();
    assertThat(resultsOfA.stream().filter(x -> x.getMessageId().equals(id))).hasSize(2); // the original and the replay
    assertThat(resultsOfA.stream().map(Result::getNonce).distinct()).containsExactlyInAnyOrder(0L, 1L);
  }

  // ---- 23: targets that are not processes; fresh processes ----

  @Test
  void aMessageToAWalletIsRejectedAndAFreshlySpawnedProcessIsAcceptedAtOnce() throws Exception {
    String wallet = PipelineSupport.newKey().address();
    DataItem toWallet = it.message(wallet, new Tag("Action", "Increment"));
    HttpResponse<String> answer = it.post(mu.httpUrl(), toWallet);
    // The MU's own checks know processes only through From-Process, so it may pass the item on
    // (202); then the SU refuses it. Either way it ends in vowstream.rejected, never scheduled.
    assertThat(answer.statusCode()).as(answer.body()).isIn(202, 404);
    String rejectedId = DataItems.id(toWallet);
    List<Rejection> rejections = it.rejections(PipelineSupport.readUntil(it.rejected, WAIT,
        rs -> it.rejections(rs).stream().anyMatch(x -> rejectedId.equals(x.getItemId()))));
    Rejection rejection = rejections.stream().filter(x -> rejectedId.equals(x.getItemId())).findFirst().orElseThrow();
    assertThat(rejection.getReasonCode()).isEqualTo("UNKNOWN_PROCESS");
    assertThat(rejection.getMessage()).isNotBlank();
    JsonNode trace = it.awaitJson(mu.httpUrl() + "/trace/" + rejectedId, WAIT, n -> hops(n).contains("rejected"));
    assertThat(hop(trace, "rejected").path("reason").asText()).isEqualTo("UNKNOWN_PROCESS");
    assertThat(it.scheduled(PipelineSupport.readAll(it.assignments)).stream()
        .filter(s -> PipelineSupport.itemId(s).equals(rejectedId))).isEmpty();
    System.out.println("scenario 23: a message to a wallet got HTTP " + answer.statusCode() + ", rejected by "
        + rejection.getUnit() + " (" + rejection.getReasonCode() + ": " + rejection.getMessage() + ")");

    // A process and, right away (before its boot result), a message to it: both accepted.
    DataItem fresh = it.process("counter@1", "1");
    String pid = DataItems.id(fresh);
    assertThat(it.post(mu.httpUrl(), fresh).statusCode()).isEqualTo(202);
    DataItem first = it.message(pid, new Tag("Action", "Increment"));
    HttpResponse<String> accepted = it.post(mu.httpUrl(), first);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(client.awaitResult(DataItems.id(first), pid, WAIT).path("Output").asText()).isEqualTo("2");
  }

  // ---- 24: trace ----

  @Test
  void theTraceShowsEveryHopOfAMessage() throws Exception {
    String a = spawn("probe@1", "");
    String b = spawn("probe@1", "");
    String id = send(a, new Tag("Action", "Ping-Pong"), new Tag("Peer", b), new Tag("Hops", "1"));
    client.awaitResult(id, a, WAIT);
    JsonNode trace = it.awaitJson(mu.httpUrl() + "/trace/" + id, WAIT, n -> hops(n).containsAll(
        List.of("ingress", "schedule", "assignment", "result", "push")));
    List<String> hops = hops(trace);
    assertThat(hops.indexOf("ingress")).isLessThan(hops.indexOf("schedule"));
    assertThat(hops.indexOf("schedule")).isLessThan(hops.indexOf("assignment"));
    assertThat(hops.indexOf("assignment")).isLessThan(hops.indexOf("result"));
    assertThat(hops.indexOf("result")).isLessThan(hops.indexOf("push"));
    JsonNode assignment = hop(trace, "assignment");
    assertThat(assignment.path("process").asText()).isEqualTo(a);
    assertThat(assignment.path("nonce").asLong()).isEqualTo(1);
    JsonNode push = hop(trace, "push");
    assertThat(push.path("target").asText()).isEqualTo(b);
    // The push's own trace continues at b.
    String pushId = push.path("id").asText();
    JsonNode pushTrace = it.awaitJson(mu.httpUrl() + "/trace/" + pushId, WAIT,
        n -> hops(n).containsAll(List.of("schedule", "assignment", "result")));
    assertThat(hop(pushTrace, "schedule").path("pushedFor").asText()).isEqualTo(id);
    assertThat(hop(pushTrace, "assignment").path("process").asText()).isEqualTo(b);
    assertThat(it.get(mu.httpUrl() + "/trace/" + Base64Url.encode(new byte[32])).statusCode()).isEqualTo(404);
  }

  private static List<String> hops(JsonNode trace) {
    List<String> out = new ArrayList<>();
    trace.path("hops").forEach(h -> out.add(h.path("hop").asText()));
    return out;
  }

  private static JsonNode hop(JsonNode trace, String kind) {
    for (JsonNode h : trace.path("hops")) {
      if (h.path("hop").asText().equals(kind)) {
        return h;
      }
    }
    throw new AssertionError("no " + kind + " hop in " + trace);
  }

  // ---- 25: client order ----

  @Test
  void twoMessagesPostedBackToBackGetIncreasingNoncesInSendOrder() throws Exception {
    String pid = spawn("counter@1", "0");
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String first = send(pid, new Tag("Action", "Increment"), new Tag("Quantity", "1"));
      String second = send(pid, new Tag("Action", "Increment"), new Tag("Quantity", "2"));
      pairs.add(new String[] {first, second});
    }
    List<ScheduledItem> schedule = scheduleOf(pid, scheduledUntil(ss -> scheduleOf(pid, ss).size() == 41));
    Map<String, Long> nonces = schedule.stream().collect(Collectors.toMap(PipelineSupport::itemId,
        s -> s.getAssignment().getNonce()));
    long previous = 0;
    for (String[] pair : pairs) {
      assertThat(nonces.get(pair[0])).as("first of a pair").isGreaterThan(previous);
      assertThat(nonces.get(pair[1])).as("second of a pair").isEqualTo(nonces.get(pair[0]) + 1);
      previous = nonces.get(pair[1]);
    }
    assertThat(client.awaitResult(pairs.get(19)[1], pid, WAIT).path("Output").asText()).isEqualTo("60");
  }

  // ---- the token demo ----

  @Test
  void tokenTransfersAwaitTheirAcknowledgementsAndConserveBalances() throws Exception {
    int accounts = 4;
    long initial = 1000;
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      tokens.add(spawn("token@1", Long.toString(initial)));
    }
    Random random = new Random(42);
    Map<String, Long> expected = new HashMap<>();
    tokens.forEach(t -> expected.put(t, initial));
    List<String[]> transfers = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String from = tokens.get(random.nextInt(accounts));
      String to = tokens.get(random.nextInt(accounts));
      if (from.equals(to)) {
        continue;
      }
      long q = 1 + random.nextInt(20);
      expected.merge(from, -q, Long::sum);
      expected.merge(to, q, Long::sum);
      transfers.add(new String[] {send(from, new Tag("Action", "Transfer"), new Tag("Recipient", to),
          new Tag("Quantity", Long.toString(q))), from});
    }
    for (String[] t : transfers) {
      JsonNode r = client.awaitResult(t[0], t[1], WAIT);
      assertThat(r.path("Error").isNull()).as("transfer result %s", r).isTrue();
    }
    long total = 0;
    for (String t : tokens) {
      JsonNode s = it.awaitJson(cu.httpUrl() + "/state/" + t, WAIT, n -> liveFlows(n) == 0
          && n.path("state").path("balance").asLong() == expected.get(t));
      assertThat(s.path("state").path("reserved").asLong()).isZero();
      assertThat(s.path("halted").asBoolean()).isFalse();
      total += s.path("state").path("balance").asLong();
    }
    assertThat(total).isEqualTo(initial * accounts);
    // Every transfer's flow finished: each sent a Credit and got a Credit-Ack back, as pushes.
    List<ScheduledItem> all = it.scheduled(PipelineSupport.readAll(it.assignments));
    long credits = all.stream().filter(s -> tokens.contains(s.getAssignment().getProcessId())
        && "Credit".equals(PipelineSupport.tags(s.getItem()).get("Action"))).count();
    long acks = all.stream().filter(s -> tokens.contains(s.getAssignment().getProcessId())
        && "Credit-Ack".equals(PipelineSupport.tags(s.getItem()).get("Action"))).count();
    assertThat(credits).isEqualTo(transfers.size());
    assertThat(acks).isEqualTo(transfers.size());
    // Each acknowledgement was evaluated without error: it resumed the waiting transfer flow.
    List<String> ackIds = all.stream().filter(s -> tokens.contains(s.getAssignment().getProcessId())
        && "Credit-Ack".equals(PipelineSupport.tags(s.getItem()).get("Action"))).map(PipelineSupport::itemId).toList();
    List<Result> ackResults = it.results(PipelineSupport.readAll(it.results)).stream()
        .filter(r -> ackIds.contains(r.getMessageId())).toList();
    assertThat(ackResults).hasSize(ackIds.size()).allMatch(r -> r.getError() == null);
  }

  /** Flow activations that are not Done. */
  static int liveFlows(JsonNode state) {
    int live = 0;
    for (var e : state.path("flows").properties()) {
      if (!e.getKey().equals("Done")) {
        live += e.getValue().asInt();
      }
    }
    return live;
  }
}
