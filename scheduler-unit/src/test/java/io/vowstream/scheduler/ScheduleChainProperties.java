package io.vowstream.scheduler;

import io.vowstream.dataitem.HashChain;
import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.DataItems;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ScheduledItem;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random schedules — processes (some legacy), messages, re-submissions, aborts, restarts and
 * compactions — then an independent verifier (plain JDK SHA-256, not {@link HashChain}) recomputes
 * every chain from its seed and checks that nonces are contiguous and every item is scheduled once.
 */
class ScheduleChainProperties {

  @Property(tries = 40)
  void everyChainVerifiesFromItsSeedAndNoncesAreContiguous(@ForAll("operations") List<Integer> ops) throws Exception {
    Fixtures f = new Fixtures(2);
    List<DataItem> processes = new ArrayList<>();
    Set<String> legacy = new LinkedHashSet<>();
    List<DataItem> messages = new ArrayList<>();
    Map<String, Set<String>> submitted = new LinkedHashMap<>();
    for (int op : ops) {
      int kind = op % 10;
      int pick = op / 10;
      switch (kind) {
        case 0 -> {
          DataItem p = f.process();
          processes.add(p);
          String pid = DataItems.id(p);
          submitted.put(pid, new LinkedHashSet<>());
          if (pick % 4 == 0) {
            legacy.add(pid);
            f.sendLegacyProcess(p);
          } else {
            f.sendProcess(p);
          }
        }
        case 1, 2, 3, 4 -> {
          if (!processes.isEmpty()) {
            String pid = DataItems.id(processes.get(pick % processes.size()));
            DataItem m = f.message(pid);
            messages.add(m);
            submitted.get(pid).add(DataItems.id(m));
            f.sendMessage(m);
          }
        }
        case 5 -> {
          if (!messages.isEmpty()) {
            f.sendMessage(messages.get(pick % messages.size()));
          }
        }
        case 6 -> {
          if (!processes.isEmpty()) {
            DataItem p = processes.get(pick % processes.size());
            if (legacy.contains(DataItems.id(p))) {
              f.sendLegacyProcess(p);
            } else {
              f.sendProcess(p);
            }
          }
        }
        case 7 -> f.driver.abort();
        case 8 -> {
          if (pick % 2 == 0) {
            f.driver.compactState();
          }
          f.driver.crash();
        }
        default -> f.driver.commit();
      }
    }
    f.driver.commit();
    assertThat(f.driver.uncommitted()).isZero();
    assertThat(f.rejections()).isEmpty();

    Map<String, List<Assignment>> byProcess = new HashMap<>();
    Map<String, List<String>> itemsByProcess = new HashMap<>();
    for (ScheduledItem s : f.assignments()) {
      Assignment a = s.getAssignment();
      byProcess.computeIfAbsent(a.getProcessId(), k -> new ArrayList<>()).add(a);
      itemsByProcess.computeIfAbsent(a.getProcessId(), k -> new ArrayList<>())
          .add(a.getMessageId() == null ? a.getProcessId() : a.getMessageId());
      assertThat(DataItems.verify(a.getItem()).isValid()).isTrue();
    }
    Set<String> assignmentIds = new java.util.HashSet<>();
    for (var e : submitted.entrySet()) {
      String pid = e.getKey();
      List<Assignment> schedule = byProcess.getOrDefault(pid, List.of());
      boolean isLegacy = legacy.contains(pid);
      List<String> expectedItems = new ArrayList<>();
      if (!isLegacy) {
        expectedItems.add(pid);
      }
      expectedItems.addAll(e.getValue());
      // exactly once, in submission order (one process lives in one partition)
      assertThat(itemsByProcess.getOrDefault(pid, List.of())).containsExactlyElementsOf(expectedItems);
      String expectedChain = b64(sha256(raw(pid)));
      for (int n = 0; n < schedule.size(); n++) {
        Assignment a = schedule.get(n);
        assertThat(a.getNonce()).as("nonce of the %d-th assignment of %s", n, pid).isEqualTo(n);
        assertThat(a.getHashChain()).as("chain at nonce %d of %s", n, pid).isEqualTo(expectedChain);
        assertThat(assignmentIds.add(a.getId())).as("assignment id %s is unique", a.getId()).isTrue();
        if (n == 0 && !isLegacy) {
          assertThat(a.getMessageId()).isNull();
        } else {
          assertThat(a.getMessageId()).isNotNull();
        }
        expectedChain = b64(sha256(concat(raw(a.getId()), raw(a.getHashChain()))));
      }
    }
  }

  @Provide
  Arbitrary<List<Integer>> operations() {
    return Arbitraries.integers().between(0, 399).list().ofMinSize(1).ofMaxSize(40);
  }

  private static byte[] raw(String b64url) {
    byte[] b = Base64.getUrlDecoder().decode(b64url);
    assertThat(b).hasSize(32);
    return b;
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
