/**
 * Test fixtures shared by every module: one real Kafka broker per test JVM and an embedded schema
 * registry on it.
 *
 * <p>{@link io.vowstream.testkit.TestKafka} picks the broker in this order: the cluster named by the
 * environment variable {@code KAFKA_BOOTSTRAP_SERVERS}; else a Testcontainers broker when a Docker
 * engine answers; else a local KRaft broker process started from Maven Central jars. When none can
 * start, the first test that asks fails with the reason — tests never pass by skipping.
 */
@NullMarked
package io.vowstream.testkit;

import org.jspecify.annotations.NullMarked;
