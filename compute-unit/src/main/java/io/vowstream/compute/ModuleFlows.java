package io.vowstream.compute;

import io.vowstream.flow.async.FlowContext;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a module defines its async flows, once per incarnation of each process's zone (a new fold,
 * a restore from a checkpoint, an upgrade). Every tag that has suspended activations must be defined
 * again, with code that replays their logs; see the determinism contract in {@link
 * io.vowstream.flow.async}.
 */
public interface ModuleFlows {

  /** The body of a module flow: sequential code that reaches the process only through {@code host}. */
  @FunctionalInterface
  interface FlowBody {
    /**
     * Runs the flow; what it returns fulfils the outcome vow, what it throws rejects it.
     *
     * @param args the storable arguments given to {@link ModuleContext#startFlow}
     */
    @Nullable Object run(FlowContext ctx, ProcessHost host, List<@Nullable Object> args) throws Exception;
  }

  /**
   * Defines flow {@code tag}.
   *
   * @throws IllegalArgumentException when the tag was already defined in this incarnation
   */
  void define(String tag, FlowBody body);
}
