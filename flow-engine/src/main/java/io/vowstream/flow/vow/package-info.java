/**
 * Vows: durable promises. A {@link io.vowstream.flow.vow.Vow} is a storable handle for an eventual
 * value; {@link io.vowstream.flow.vow.VowTools} makes vow kits, follows vow chains hop by hop
 * ({@code when}, {@code watch}, {@code all}, {@code allSettled}), turns functions into vows
 * ({@code asVow}), back into futures ({@code when}, {@code toMono}) and builds retryable operations.
 *
 * <p>Watchers registered with {@code watch} are stored with the watch and survive checkpoint and
 * restore; a promise that was pending when the checkpoint was taken is lost with the old heap and
 * reaches its watcher as an {@code Upgraded} disconnection. All deliveries are turns of the zone's
 * {@link io.vowstream.flow.FlowScheduler}, in order.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.flow.vow;
