/** Kafka plumbing shared by the units: topic set-up and client configuration. */
@NullMarked
package io.vowstream.runtime.kafka;

import org.jspecify.annotations.NullMarked;
