package io.vowstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.compute.ComputeUnitMain;
import io.vowstream.dataitem.DataItems;
import io.vowstream.messenger.MessengerUnitMain;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.scheduler.SchedulerUnitMain;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * MU, SU and CU each as an OS process (their main classes) under a steady load of counter
 * increments and token transfers posted to the MU; each unit is SIGKILLed twice at random moments
 * and restarted. Afterwards, reading {@code read_committed}: every accepted item and every push has
 * exactly one assignment, every assignment exactly one result, and every process's state is what
 * the submitted operations imply (counters: boot value plus increments; tokens: the transfers
 * applied, balances conserved, every transfer flow done).
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
      UnitOsProcess cu = new UnitOsProcess("CU", ComputeUnitMain.class, settings, dir.resolve("crash-" + it.suffix + "-cu.log"));
      UnitOsProcess mu = new UnitOsProcess("MU", MessengerUnitMain.class, settings, dir.resolve("crash-" + it.suffix + "-mu.log"));
      List<UnitOsProcess> units = List.of(su, cu, mu);
      try {
        su.start(START); // first: it creates the shared topics' state and its key file
        cu.start(START);
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
          it.awaitJson(cu.url() + "/result/" + pid, START, n -> n.path("nonce").asLong() == 0);
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

        // The kills: every unit twice, in random order, at random moments, each restarted at once.
        List<UnitOsProcess> victims = new ArrayList<>();
        for (int k = 0; k < KILLS_PER_UNIT; k++) {
          victims.addAll(units);
        }
        Collections.shuffle(victims, random);
        int kills = 0;
        for (UnitOsProcess victim : victims) {
          Thread.sleep(2000 + random.nextInt(5000));
          assertThat(loadFailure.get()).as("load generator").isNull();
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
        assertThat(kills).isEqualTo(3 * KILLS_PER_UNIT);
        Set<String> acceptedIds = new HashSet<>(accepted);
        assertThat(acceptedIds).as("distinct items").hasSameSizeAs(accepted);
        progress(t0, "load stopped: " + accepted.size() + " items accepted, " + transfers.size() + " transfers");

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
          JsonNode s = it.awaitJson(cu.url() + "/state/" + c, START, n -> n.path("state").path("count").asLong() == expected.get(c));
          assertThat(s.path("halted").asBoolean()).isFalse();
        }
        for (String t : tokens) {
          JsonNode s = it.awaitJson(cu.url() + "/state/" + t, START, n -> PipelineIT.liveFlows(n) == 0
              && n.path("state").path("balance").asLong() == expected.get(t));
          assertThat(s.path("state").path("reserved").asLong()).isZero();
          assertThat(s.path("halted").asBoolean()).isFalse();
          tokenTotal += s.path("state").path("balance").asLong();
        }
        assertThat(tokenTotal).isEqualTo(TOKEN_START * TOKENS);
        progress(t0, "verified");
      } finally {
        for (UnitOsProcess u : List.of(mu, cu, su)) {
          u.close();
        }
      }
      for (UnitOsProcess u : units) {
        assertThat(Files.readString(u.log())).as("log of %s", u).doesNotContain("fatal error");
      }
    }
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
