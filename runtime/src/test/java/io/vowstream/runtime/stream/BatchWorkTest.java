package io.vowstream.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchWorkTest {

  @Test
  void resultsKeepTheInputOrderOnBothPaths() {
    List<Integer> items = IntStream.range(0, 2_000).boxed().toList();
    List<Integer> expected = items.stream().map(i -> i * 3).toList();
    assertThat(BatchWork.map(items, Integer.MAX_VALUE, i -> i * 3)).isEqualTo(expected);
    assertThat(BatchWork.map(items, 1, i -> i * 3)).isEqualTo(expected);
  }

  @Test
  void aSmallBatchStaysOnTheCallingThread() {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    BatchWork.map(List.of(1, 2, 3), 4, i -> threads.add(Thread.currentThread()));
    assertThat(threads).containsExactly(Thread.currentThread());
  }

  @Test
  void anEmptyBatchGivesAnEmptyList() {
    assertThat(BatchWork.map(List.<String>of(), 1, String::length)).isEmpty();
  }
}
