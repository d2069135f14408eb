/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) started as its own OS
 * process from the Kafka jars on Maven Central, for development and tests on machines without
 * Docker.
 *
 * <p>{@link io.vowstream.localkafka.LocalKafkaBroker} formats a log directory, starts
 * {@code kafka.Kafka} in a separate JVM on loopback, waits until the cluster answers, and stops the
 * process by its PID. The broker's own jars never reach the caller's classpath: the build writes
 * their paths into the resource {@code broker.classpath} next to this package.
 */
@NullMarked
package io.vowstream.localkafka;

import org.jspecify.annotations.NullMarked;
