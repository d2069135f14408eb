/**
 * Implementation of zones, exos, stores, checkpoints, vows and async flows (membrane, log codec,
 * activations). Nothing here is API: types are public only where a public package must reach them.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.flow.internal;
