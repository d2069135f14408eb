/**
 * Kafka serializers and deserializers for Vowstream's Avro records in the Confluent wire format:
 * one magic byte {@code 0x00}, the writer schema's registry id as a 4-byte big-endian integer,
 * then the Avro binary encoding.
 *
 * <p>{@link io.vowstream.schemas.serde.VowstreamAvroSerializer} and {@link
 * io.vowstream.schemas.serde.VowstreamAvroDeserializer} register and look up schemas under
 * Confluent's topic subjects ({@code <topic>-value}, {@code <topic>-key}); {@link
 * io.vowstream.schemas.serde.VowstreamSerdeConfig} documents every setting; {@link
 * io.vowstream.schemas.serde.VowstreamSerdes} hands out ready serdes for the generated records
 * and for string keys. The deserializer trusts the generated package {@code io.vowstream.schemas}
 * itself, so Avro's {@code org.apache.avro.SERIALIZABLE_PACKAGES} need not be set.
 */
@org.jspecify.annotations.NullMarked
package io.vowstream.schemas.serde;
