/**
 * The {@code vowstream} command. {@code run} starts the pipeline: on an embedded local broker and
 * registry when no cluster is configured, else against the configured one.
 */
@NullMarked
package io.vowstream.launcher;

import org.jspecify.annotations.NullMarked;
