package io.vowstream.compute;

import io.vowstream.flow.vow.Vow;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a module's async flow may do to its process. A flow's guest receives a stand-in for it as
 * its first argument; every call crosses the flow membrane and is logged, so a replay answers it
 * from the log instead of acting again.
 *
 * <p>Tags are passed as a flat list of names and values ({@code List.of("Action", "Credit",
 * "Quantity", "5")}) because their order matters and the list is logged as is. Effects (output,
 * messages) land in the result of the evaluation during which the flow ran.
 */
public interface ProcessHost {

  /** The process this host stands for. */
  String processId();

  /** The state value under {@code key}, or null when absent. */
  @Nullable Object get(String key);

  /** Sets state {@code key} to {@code value} (which must be storable). */
  void put(String key, Object value);

  /** Removes state {@code key}; nothing happens when it is absent. */
  void remove(String key);

  /** Sets the current evaluation's {@code Output}. */
  void output(String text);

  /** Sends a message to process {@code target}. */
  void send(String target, List<String> tags, String data);

  /**
   * Sends a message to {@code target} carrying a new {@code Reference} tag and returns a vow for
   * the reply: the first later message for this process whose {@code X-Reference} is that reference
   * and whose {@code From-Process} is {@code target}. The vow is fulfilled with a {@link Reply}.
   */
  Vow<Reply> request(String target, List<String> tags, String data);
}
