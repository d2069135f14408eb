/**
 * ANS-104 data items: the binary codec ({@link io.vowstream.dataitem.Ans104}), the Arweave deep
 * hash ({@link io.vowstream.dataitem.DeepHash}), identity, signing and verification
 * ({@link io.vowstream.dataitem.DataItems}, {@link io.vowstream.dataitem.Signer}; {@link
 * io.vowstream.dataitem.PreparedSigner} for many items of one key) for the three supported
 * signature types, and the units' key files ({@link io.vowstream.dataitem.KeyFiles}).
 *
 * <p>The in-memory form of an item is always the generated Avro record
 * {@link io.vowstream.schemas.DataItem}; the raw ANS-104 bytes are only an encoding of it. The
 * signature covers the raw tag bytes, so the codec accepts only the canonical tag encoding (the one
 * every ANS-104 tool writes), which is what makes decode → Avro → encode byte-exact.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.dataitem;
