package io.vowstream.scheduler;

/**
 * Where an assignment's {@code Block-Height} comes from. Vowstream has no blockchain of its own,
 * so the default is a fixed number from {@code vowstream.su.block.height} (0 unless set); an
 * embedder bridging to Arweave can plug in a source that follows a gateway, as ao's SU does with a
 * background-refreshed cache. It is called once per assignment on the processing thread, so it
 * must answer from memory.
 */
@FunctionalInterface
public interface BlockHeightSource {
  /** The current block height; never negative. */
  long currentHeight();

  /** A source that always answers {@code height}. */
  static BlockHeightSource fixed(long height) {
    if (height < 0) {
      throw new IllegalArgumentException("a block height is not negative, got " + height);
    }
    return () -> height;
  }
}
