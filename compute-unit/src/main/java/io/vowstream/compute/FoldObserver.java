package io.vowstream.compute;

import org.jspecify.annotations.Nullable;

/**
 * Events of the fold, for metrics. Called on the stage's thread; implementations must be quick.
 * Every method does nothing unless overridden.
 */
interface FoldObserver {

  /** An item was evaluated and its result written; {@code errorCode} is null on success. */
  default void evaluated(String processId, long nonce, long nanos, @Nullable String errorCode) {}

  /**
   * A cron tick was evaluated and its result written at ordinate {@code nonce}; {@code errorCode}
   * is null on success.
   */
  default void cronEvaluated(String processId, long nonce, long nanos, @Nullable String errorCode) {}

  /** An item was evaluated again after a restore, without writing its result again. */
  default void replayed(String processId, long nonce) {}

  /** A process halted (chain break, nonce gap, bad signature). */
  default void halted(String processId, String code) {}

  /** A checkpoint of {@code bytes} bytes was written. */
  default void checkpointWritten(String processId, int bytes) {}

  /** A partition was restored from {@code processes} checkpoints. */
  default void restored(int partition, int processes, long nanos) {}

  /** A flow's host call or watcher was retried after a disconnection of the given reason. */
  default void retried(String reason) {}

  /** Observes nothing. */
  FoldObserver NONE = new FoldObserver() {};
}
