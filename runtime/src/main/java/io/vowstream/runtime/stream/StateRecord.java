package io.vowstream.runtime.stream;

import org.jspecify.annotations.Nullable;

/** One record read back from the state topic during a restore; a null value is a tombstone. */
public record StateRecord(byte[] key, byte @Nullable [] value) {}
