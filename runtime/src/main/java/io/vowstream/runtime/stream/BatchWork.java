package io.vowstream.runtime.stream;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Per-record work of a batch that depends on nothing but the record (decoding, signature checks):
 * done on the common pool when the batch is large enough to pay for it, with the results in input
 * order, so that the processor goes on in order as if it had done the work itself.
 */
public final class BatchWork {
  private BatchWork() {}

  /**
   * {@code work} applied to every element of {@code items}, in their order; in parallel when there
   * are at least {@code parallelFrom} of them. {@code work} must not touch shared state.
   */
  public static <T, R> List<R> map(List<T> items, int parallelFrom, Function<? super T, ? extends R> work) {
    Object[] out = new Object[items.size()];
    IntStream range = IntStream.range(0, items.size());
    (items.size() >= parallelFrom ? range.parallel() : range).forEach(i -> out[i] = work.apply(items.get(i)));
    @SuppressWarnings("unchecked")
    List<R> results = (List<R>) Arrays.asList(out);
    return results;
  }
}
