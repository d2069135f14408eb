/**
 * A broker-free test kit for {@link io.vowstream.runtime.stream.PartitionProcessor}s: feed input
 * records, commit or abort "transactions", crash and restore from the recorded state topic, and
 * read what was committed — the same contract the real stage keeps, without Kafka.
 */
@NullMarked
package io.vowstream.runtime.stream.testing;

import org.jspecify.annotations.NullMarked;
