/**
 * Test support for code built on the flow engine: a manual scheduler that owns turns and time
 * ({@link io.vowstream.flow.testing.ManualFlowScheduler}) and a harness that runs one scenario in a
 * heap zone or in a durable zone across checkpoint/restore ({@link io.vowstream.flow.testing.Incarnations}).
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.flow.testing;
