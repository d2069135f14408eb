/**
 * Benchmarks: JMH for in-process costs, harnesses for pipeline throughput and latency on a real
 * broker. Each class's Javadoc carries the command that reproduces its figures; figures are
 * reported as ratios against a baseline measured in the same run.
 */
@NullMarked
package io.vowstream.benchmarks;

import org.jspecify.annotations.NullMarked;
