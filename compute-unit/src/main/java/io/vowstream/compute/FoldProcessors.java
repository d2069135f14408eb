package io.vowstream.compute;

import io.vowstream.runtime.stream.PartitionProcessor;

/** Makes the fold's {@link PartitionProcessor}; see the package docs for its rules and state. */
public final class FoldProcessors {
  private FoldProcessors() {}

  /** A fresh fold processor (no partition restored yet). */
  public static PartitionProcessor create(FoldSettings settings) {
    return new FoldProcessor(settings);
  }
}
