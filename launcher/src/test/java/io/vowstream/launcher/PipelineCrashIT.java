package io.vowstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.compute.ComputeUnit;
import io.vowstream.compute.ComputeUnitMain;
import io.vowstream.dataitem.DataItems;
import io.vowstream.messenger.MessengerUnitMain;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.scheduler.SchedulerUnitMain;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.JournalEntry;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import io.vowstream.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * MU, SU and two CU instances (one consumer group, own transactional ids) each as an OS process
 * (their main classes) under a steady load of counter increments and token transfers posted to the
 * MU; each of the four is SIGKILLed twice, in random order at random moments, and restarted. A
 * transfer's flow stays suspended until the recipient's {@code Credit-Ack} comes back through the
 * MU, so the progress lines print how many token flows were live when a CU died. Afterwards,
 * reading {@code read_committed}: every accepted item and every push has exactly one assignment,
 * every assignment exactly one result, and every process's state is what the submitted operations
 * imply (counters: boot value plus increments; tokens: the transfers applied, balances conserved,
 * every transfer flow done).
 *
 * <p>Finally a cold compute unit (in this JVM, its own group, state topic and results topic) folds
 * the same assignments from the start without a single kill: each live result, journal included,
 * must equal its cold one, and each process's {@code /state} (state, flows, nonce) the cold
 * unit's. So restores and rebalances left no trace in what the CUs computed.
 *
 * <p>The seed is printed in the first progress line; {@code -Dvowstream.test.seed=} replays the
 * kill schedule and the load (not the timing).
 */
class PipelineCrashIT {
  static final int COUNTERS = 4;
  static final int TOKENS = 4;
  static final long TOKEN_START = 100_000;
  static final int KILLS_PER_UNIT = 2;
  static final Duration START = Duration.ofSeconds(90);

  @Test
  void killedAtRandomTheUnitsScheduleAndEvaluateEverythingExactlyOnce() throws Exception {
    long seed = Long.getLong("vowstream.test.seed", System.nanoTime());
    Random random = new Random(seed);
    long t0 = System.nanoTime();
    try (PipelineSupport it = new PipelineSupport(4)) {
      Path dir = UnitOsProcess.buildDir();
      Map<String, String> settings = new LinkedHashMap<>(it.settings());
      settings.put(VowstreamConfig.KEY_FILE.name(), dir.resolve("crash-" + it.suffix + "-su-key.json").toString());
      settings.put(VowstreamConfig.MU_KEY_FILE.name(), dir.resolve("crash-" + it.suffix + "-mu-key.json").toString());
      settings.put(VowstreamConfig.CU_CHECKPOINT_INTERVAL.name(), "20");
      settings.put(VowstreamConfig.CU_RESULT_WAIT_MS.name(), "2000");
      settings.put(VowstreamConfig.MU_DIRECTORY_WAIT_MS.name(), "60000");
      UnitOsProcess su = new UnitOsProcess("SU", SchedulerUnitMain.class, settings, dir.resolve("crash-" + it.suffix + "-su.log"));
      // Two CU instances: the same group shares the partitions; each needs its own transactional id.
      Map<String, String> settingsCu = new LinkedHashMap<>(settings);
      settingsCu.put(VowstreamConfig.CU_TRANSACTIONAL_ID.name(), "cu-tx-" + it.suffix + "-1");
      Map<String, String> settingsCu2 = new LinkedHashMap<>(settings);
      settingsCu2.put(VowstreamConfig.CU_TRANSACTIONAL_ID.name(), "cu-tx-" + it.suffix + "-2");
      UnitOsProcess cu = new UnitOsProcess("CU", ComputeUnitMain.class, settingsCu, dir.resolve("crash-" + it.suffix + "-cu.log"));
      UnitOsProcess cu2 = new UnitOsProcess("CU2", ComputeUnitMain.class, settingsCu2,
          dir.resolve("crash-" + it.suffix + "-cu2.log"));
      UnitOsProcess mu = new UnitOsProcess("MU", MessengerUnitMain.class, settings, dir.resolve("crash-" + it.suffix + "-mu.log"));
      List<UnitOsProcess> cus = List.of(cu, cu2);
      List<UnitOsProcess> units = List.of(su, cu, cu2, mu);
      try {
        su.start(START); // first: it creates the shared topics' state and its key file
        cu.start(START);
        cu2.start(START);
        mu.start(START);
        progress(t0, "units up (seed " + seed + ")");

        // The processes: spawned before the load, booted before any kill.
        List<String> counters = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        Map<String, Long> expected = new ConcurrentHashMap<>();
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < COUNTERS + TOKENS; i++) {
          boolean counter = i < COUNTERS;
          long boot = counter ? i : TOKEN_START;
          DataItem p = it.process(counter ? "counter@1" : "token@1", Long.toString(boot));
          String pid = post(it, mu, p);
          accepted.add(pid);
          (counter ? counters : tokens).add(pid);
          expected.put(pid, boot);
        }
        for (String pid : accepted) {
          awaitFromOwner(it, cus, "/result/" + pid, START, n -> n.path("nonce").asLong() == 0);
        }
        progress(t0, "processes booted");

        // The load: one client posting to whichever MU is up, retrying the same signed item until accepted.
        AtomicBoolean stopLoad = new AtomicBoolean();
        AtomicReference<Throwable> loadFailure = new AtomicReference<>();
        List<String> transfers = Collections.synchronizedList(new ArrayList<>());
        Random loadRandom = new Random(seed + 1);
        Thread load = new Thread(() -> {
          try {
            while (!stopLoad.get()) {
              if (loadRandom.nextBoolean()) {
                String c = counters.get(loadRandom.nextInt(COUNTERS));
                long q = 1 + loadRandom.nextInt(9);
                accepted.add(post(it, mu, it.message(c, new Tag("Action", "Increment"), new Tag("Quantity", Long.toString(q)))));
                expected.merge(c, q, Long::sum);
              } else {
                int from = loadRandom.nextInt(TOKENS);
                int to = (from + 1 + loadRandom.nextInt(TOKENS - 1)) % TOKENS;
                long q = 1 + loadRandom.nextInt(20);
                String id = post(it, mu, it.message(tokens.get(from), new Tag("Action", "Transfer"),
                    new Tag("Recipient", tokens.get(to)), new Tag("Quantity", Long.toString(q))));
                accepted.add(id);
                transfers.add(id);
                expected.merge(tokens.get(from), -q, Long::sum);
                expected.merge(tokens.get(to), q, Long::sum);
              }
              Thread.sleep(40);
            }
          } catch (Throwable t) {
            loadFailure.set(t);
          }
        }, "crash-load");
        load.start();

        // The kills: every unit (both CUs) twice, in random order, at random moments, each restarted at once.
        List<UnitOsProcess> victims = new ArrayList<>();
        for (int k = 0; k < KILLS_PER_UNIT; k++) {
          victims.addAll(units);
        }
        Collections.shuffle(victims, random);
        int kills = 0;
        int cuKillsWithLiveFlows = 0;
        for (UnitOsProcess victim : victims) {
          Thread.sleep(2000 + random.nextInt(5000));
          assertThat(loadFailure.get()).as("load generator").isNull();
          if (cus.contains(victim)) {
            LiveFlows live = liveTokenFlows(it, cus, tokens);
            cuKillsWithLiveFlows += live.flows() > 0 ? 1 : 0;
            progress(t0, "before killing " + victim.name() + ": " + live.flows() + " token flows live (" + live.answered()
                + "/" + tokens.size() + " token processes answered /state)");
          }
          victim.kill("kill " + (kills + 1) + " after " + accepted.size() + " accepted items");
          kills++;
          progress(t0, "SIGKILL " + kills + ": " + victim.name() + " (" + accepted.size() + " items accepted so far)");
          Thread.sleep(random.nextInt(1500));
          victim.start(START);
          progress(t0, "restarted " + victim.name());
        }
        Thread.sleep(3000);
        stopLoad.set(true);
        load.join();
        assertThat(loadFailure.get()).as("load generator").isNull();
        assertThat(kills).isEqualTo(units.size() * KILLS_PER_UNIT);
        // The point of the CU kills: at least one must hit suspended transfer flows.
        assertThat(cuKillsWithLiveFlows).as("CU kills while token flows were suspended").isPositive();
        Set<String> acceptedIds = new HashSet<>(accepted);
        assertThat(acceptedIds).as("distinct items").hasSameSizeAs(accepted);
        progress(t0, "load stopped: " + accepted.size() + " items accepted, " + transfers.size() + " transfers; "
            + cuKillsWithLiveFlows + " of " + cus.size() * KILLS_PER_UNIT + " CU kills hit live token flows");

        // Drain: every accepted item and every push (a Credit and a Credit-Ack per transfer) has a result.
        long expectedPushes = 2L * transfers.size();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        List<ScheduledItem> scheduled;
        List<Result> results;
        while (true) {
          scheduled = it.scheduled(PipelineSupport.readAll(it.assignments));
          results = it.results(PipelineSupport.readAll(it.results));
          Set<String> withResult = results.stream().map(Result::getMessageId).collect(Collectors.toSet());
          long pushes = scheduled.stream().filter(s -> isPush(s)).count();
          if (withResult.containsAll(acceptedIds) && pushes >= expectedPushes && results.size() >= scheduled.size()) {
            break;
          }
          for (UnitOsProcess u : units) {
            assertThat(u.isAlive()).as("%s runs", u).isTrue();
          }
          assertThat(System.nanoTime()).as("drained within 300 s: %d/%d accepted items have results, %d/%d pushes,"
              + " %d results for %d assignments", acceptedIds.stream().filter(withResult::contains).count(),
              acceptedIds.size(), pushes, expectedPushes, results.size(), scheduled.size()).isLessThan(deadline);
          Thread.sleep(2000);
        }
        progress(t0, "drained: " + scheduled.size() + " assignments, " + results.size() + " results");

        // Exactly one assignment per item (accepted or pushed), no gaps in any schedule.
        Map<String, Long> assignmentsPerItem = scheduled.stream().collect(Collectors.groupingBy(PipelineSupport::itemId,
            Collectors.counting()));
        assertThat(assignmentsPerItem.entrySet().stream().filter(e -> e.getValue() != 1).toList())
            .as("items assigned more than once (seed %d)", seed).isEmpty();
        assertThat(assignmentsPerItem.keySet()).containsAll(acceptedIds);
        assertThat(scheduled.stream().filter(PipelineCrashIT::isPush).count()).as("pushes").isEqualTo(expectedPushes);
        assertThat(scheduled.stream().map(s -> s.getAssignment().getProcessId()).distinct())
            .containsExactlyInAnyOrderElementsOf(expected.keySet());
        Map<String, List<Long>> nonces = new HashMap<>();
        scheduled.forEach(s -> nonces.computeIfAbsent(s.getAssignment().getProcessId(), k -> new ArrayList<>())
            .add(s.getAssignment().getNonce()));
        nonces.forEach((pid, ns) -> {
          List<Long> sorted = ns.stream().sorted().toList();
          for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).as("nonce %d of %s", i, pid).isEqualTo((long) i);
          }
        });

        // Exactly one result per assignment.
        Map<String, Long> resultsPerSlot = results.stream().collect(Collectors.groupingBy(
            r -> r.getProcessId() + "/" + r.getNonce(), Collectors.counting()));
        assertThat(resultsPerSlot.entrySet().stream().filter(e -> e.getValue() != 1).toList())
            .as("results seen more than once (seed %d)", seed).isEmpty();
        assertThat(resultsPerSlot.keySet()).isEqualTo(scheduled.stream()
            .map(s -> s.getAssignment().getProcessId() + "/" + s.getAssignment().getNonce()).collect(Collectors.toSet()));
        assertThat(results.stream().filter(r -> r.getError() != null).toList()).as("results with an error").isEmpty();

        // The final states are what the accepted operations imply.
        long tokenTotal = 0;
        for (String c : counters) {
          JsonNode s = awaitFromOwner(it, cus, "/state/" + c, START,
              n -> n.path("state").path("count").asLong() == expected.get(c));
          assertThat(s.path("halted").asBoolean()).isFalse();
        }
        for (String t : tokens) {
          JsonNode s = awaitFromOwner(it, cus, "/state/" + t, START, n -> PipelineIT.liveFlows(n) == 0
              && n.path("state").path("balance").asLong() == expected.get(t));
          assertThat(s.path("state").path("reserved").asLong()).isZero();
          assertThat(s.path("halted").asBoolean()).isFalse();
          tokenTotal += s.path("state").path("balance").asLong();
        }
        assertThat(tokenTotal).isEqualTo(TOKEN_START * TOKENS);
        progress(t0, "verified the live units");

        coldFoldAgrees(it, settings, cus, scheduled, results, seed, t0);
        progress(t0, "verified against the cold fold");
      } finally {
        for (UnitOsProcess u : List.of(mu, cu2, cu, su)) {
          u.close();
        }
      }
      for (UnitOsProcess u : units) {
        assertThat(Files.readString(u.log())).as("log of %s", u).doesNotContain("fatal error");
      }
      long replays = 0;
      for (UnitOsProcess u : List.of(cu, cu2)) {
        replays += Files.readAllLines(u.log()).stream().filter(l -> l.contains(" replays from offset ")).count();
      }
      progress(t0, replays + " CU partition restores replayed from a checkpoint behind the commit");
    }
  }

  /**
   * A compute unit in this JVM that folds the same assignments from the beginning in its own group,
   * into its own state and results topics, never killed: every live result (journal included) and
   * every process's {@code /state} must equal its.
   */
  private static void coldFoldAgrees(PipelineSupport it, Map<String, String> settings, List<UnitOsProcess> cus,
      List<ScheduledItem> scheduled, List<Result> liveResults, long seed, long t0) throws Exception {
    String coldResults = "cold-results-" + it.suffix;
    String coldRejected = "cold-rejected-" + it.suffix;
    TestKafka.createTopics(it.partitions, Map.of(), coldResults, coldRejected);
    Map<String, String> coldSettings = new LinkedHashMap<>(settings);
    coldSettings.put(VowstreamConfig.CU_GROUP_ID.name(), "cold-cu-" + it.suffix);
    coldSettings.put(VowstreamConfig.CU_STATE_TOPIC.name(), "cold-cu-state-" + it.suffix);
    coldSettings.put(VowstreamConfig.CU_TRANSACTIONAL_ID.name(), "cold-cu-tx-" + it.suffix);
    coldSettings.put(VowstreamConfig.TOPIC_RESULTS.name(), coldResults);
    coldSettings.put(VowstreamConfig.TOPIC_REJECTED.name(), coldRejected); // keeps the live rejected topic the live units' own
    coldSettings.put(VowstreamConfig.CU_HTTP_PORT.name(), "0");
    ComputeUnit cold = ComputeUnit.start(PipelineSupport.config(coldSettings));
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      List<Result> coldList;
      while (true) {
        coldList = it.results(PipelineSupport.readAll(coldResults));
        if (coldList.size() >= scheduled.size()) {
          break;
        }
        assertThat(System.nanoTime()).as("the cold CU folded all %d assignments within 120 s (has %d results)",
            scheduled.size(), coldList.size()).isLessThan(deadline);
        Thread.sleep(1000);
      }
      long journaled = liveResults.stream().filter(r -> !r.getJournal().isEmpty()).count();
      long entries = liveResults.stream().mapToLong(r -> r.getJournal().size()).sum();
      progress(t0, "cold CU folded " + coldList.size() + " results; " + journaled + " live results carry "
          + entries + " journal entries");
      assertThat(journaled).as("live results with journal entries (else the journal comparison proves nothing)")
          .isPositive();
      Map<String, Result> live = bySlot(liveResults, "live");
      Map<String, Result> coldBySlot = bySlot(coldList, "cold");
      assertThat(coldBySlot.keySet()).as("cold result slots").isEqualTo(live.keySet());
      List<String> differing = new ArrayList<>();
      for (var e : new TreeMap<>(coldBySlot).entrySet()) {
        Result l = live.get(e.getKey());
        if (!e.getValue().equals(l)) {
          differing.add(e.getKey() + " " + difference(l, e.getValue()));
        }
      }
      assertThat(differing.size()).as("live results that differ from the cold fold's, of %d (seed %d); first: %s",
          coldBySlot.size(), seed, differing.stream().limit(5).toList()).isZero();

      Map<String, Long> lastNonce = new TreeMap<>();
      scheduled.forEach(s -> lastNonce.merge(s.getAssignment().getProcessId(), s.getAssignment().getNonce(), Math::max));
      for (var e : lastNonce.entrySet()) {
        String pid = e.getKey();
        long nonce = e.getValue();
        JsonNode liveState = awaitFromOwner(it, cus, "/state/" + pid, START, n -> n.path("nonce").asLong() == nonce);
        JsonNode coldState = it.awaitJson(cold.httpUrl() + "/state/" + pid, START, n -> n.path("nonce").asLong() == nonce);
        assertThat(liveState).as("/state/%s of the live CUs vs the cold CU (seed %d)", pid, seed).isEqualTo(coldState);
      }
      progress(t0, "cold CU agrees on " + coldBySlot.size() + " results and " + lastNonce.size() + " process states");
    } finally {
      cold.close();
    }
  }

  /** Which fields differ; for the journal, the first entry that does (the full records are too long to print). */
  private static String difference(Result live, Result cold) {
    List<String> fields = new ArrayList<>();
    for (Schema.Field f : Result.getClassSchema().getFields()) {
      if (!Objects.equals(live.get(f.pos()), cold.get(f.pos()))) {
        fields.add(f.name());
      }
    }
    String journal = "";
    if (fields.contains("journal")) {
      List<JournalEntry> l = live.getJournal();
      List<JournalEntry> c = cold.getJournal();
      int i = 0;
      while (i < Math.min(l.size(), c.size()) && l.get(i).equals(c.get(i))) {
        i++;
      }
      journal = " (entry " + i + " of " + l.size() + " live / " + c.size() + " cold: live "
          + (i < l.size() ? l.get(i).getFlowId() + "#" + l.get(i).getIndex() + " " + l.get(i).getKind() : "none") + ", cold "
          + (i < c.size() ? c.get(i).getFlowId() + "#" + c.get(i).getIndex() + " " + c.get(i).getKind() : "none") + ")";
    }
    return "differs in " + fields + journal;
  }

  private static Map<String, Result> bySlot(List<Result> results, String which) {
    Map<String, Result> out = new HashMap<>();
    for (Result r : results) {
      String slot = r.getProcessId() + "/" + r.getNonce();
      assertThat(out.put(slot, r)).as("%s result %s appears once", which, slot).isNull();
    }
    return out;
  }

  /**
   * Polls {@code path} on every CU instance until one answers 200 with JSON satisfying {@code done}:
   * {@code /state} only the instance folding the process answers (421 elsewhere), {@code /result}
   * any; either may be down or restarting.
   */
  private static JsonNode awaitFromOwner(PipelineSupport it, List<UnitOsProcess> cus, String path, Duration timeout,
      Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> last = new TreeMap<>();
    while (true) {
      for (UnitOsProcess cu : cus) {
        try {
          HttpResponse<String> r = it.get(cu.url() + path);
          last.put(cu.name(), r.statusCode() + " " + r.body());
          if (r.statusCode() == 200) {
            JsonNode n = PipelineSupport.JSON.readTree(r.body());
            if (done.test(n)) {
              return n;
            }
          }
        } catch (java.io.IOException e) {
          last.put(cu.name(), e.toString());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no CU answered GET " + path + " as expected within " + timeout + "; last: " + last);
      }
      Thread.sleep(200);
    }
  }

  record LiveFlows(int flows, int answered) {}

  /** Live (not Done) flows over the token processes, asking each CU once; a process no CU answers for is skipped. */
  private static LiveFlows liveTokenFlows(PipelineSupport it, List<UnitOsProcess> cus, List<String> tokens)
      throws InterruptedException {
    int flows = 0;
    int answered = 0;
    for (String t : tokens) {
      for (UnitOsProcess cu : cus) {
        try {
          HttpResponse<String> r = it.http.send(HttpRequest.newBuilder(URI.create(cu.url() + "/state/" + t))
              .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            flows += PipelineIT.liveFlows(PipelineSupport.JSON.readTree(r.body()));
            answered++;
            break;
          }
        } catch (java.io.IOException e) {
          // down, restarting or busy: try the other instance
        }
      }
    }
    return new LiveFlows(flows, answered);
  }

  private static boolean isPush(ScheduledItem s) {
    return DataItems.tag(s.getItem(), "From-Process").isPresent();
  }

  /** Posts {@code item} to the MU that is up now, retrying the same bytes until it is accepted. */
  private static String post(PipelineSupport it, UnitOsProcess mu, DataItem item) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = it.post(mu.url(), item);
        if (r.statusCode() == 202) {
          return DataItems.id(item);
        }
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() >= 400 && r.statusCode() < 500) {
          throw new AssertionError("the MU refused a valid item: " + last);
        }
      } catch (java.io.IOException e) {
        last = e.toString(); // the MU is down or restarting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no MU accepted item " + DataItems.id(item) + " within 120 s; last: " + last);
  }

  private static void progress(long t0, String what) {
    System.out.printf("pipeline crash test +%.1f s: %s%n", (System.nanoTime() - t0) / 1e9, what);
  }
}
