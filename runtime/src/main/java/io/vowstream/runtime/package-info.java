/**
 * The shared runtime of the Vowstream units: what every unit needs to run as a Kafka stream stage.
 */
@NullMarked
package io.vowstream.runtime;

import org.jspecify.annotations.NullMarked;
