package io.vowstream.compute;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the CU's HTTP API and gauges read from the fold. Implemented by {@link FoldProcessor};
 * calls are serialised with processing, so a view never sees half an evaluation.
 */
interface FoldView {

  /** The process as the fold holds it, when its partition is owned here. */
  Optional<ProcessView> process(String processId);

  /**
   * Evaluates {@code message} against a copy of the process's current state: nothing is changed,
   * nothing scheduled, no result written. Empty when the process is not held here.
   */
  Optional<Result> dryRun(String processId, DataItem message);

  /** Totals over every process held here, for gauges. */
  FoldTotals totals();

  /**
   * One process as held by the fold.
   *
   * @param nonce the last nonce evaluated (-1 before the first)
   * @param owner the signer of the process item, recorded at boot (null for a legacy process)
   * @param state the module state, as plain values (strings, numbers, booleans, lists, maps)
   * @param flowsByState live flow activations by state name ({@code Running}, {@code Sleeping}, …)
   */
  record ProcessView(String processId, long nonce, @Nullable String module, @Nullable String owner,
      @Nullable String haltReason, Map<String, Object> state, Map<String, Integer> flowsByState) {}

  /**
   * Totals over the processes held by one CU.
   *
   * @param flowsByState live flow activations by state name, summed over processes
   * @param pendingVows requests ({@code ProcessHost.request}) still waiting for their reply: the
   *     vows the fold itself will settle; vows a module keeps elsewhere are not counted
   */
  record FoldTotals(int processes, int halted, Map<String, Integer> flowsByState, long pendingVows) {}
}
