/**
 * Implementation of zones, exos, stores, checkpoints and vows. Nothing here is API: types are
 * public only where a public package must reach them.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.flow.internal;
