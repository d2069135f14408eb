/**
 * Guards: a small pattern language ({@link io.vowstream.flow.guard.M}) checking values at object
 * boundaries. {@link io.vowstream.flow.guard.Pattern}s describe values,
 * {@link io.vowstream.flow.guard.MethodGuard}s describe one method's arguments and result, and an
 * {@link io.vowstream.flow.guard.InterfaceGuard} names the methods of an exo or kit facet. Zones
 * check every call against the guard before the method body runs.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.flow.guard;
