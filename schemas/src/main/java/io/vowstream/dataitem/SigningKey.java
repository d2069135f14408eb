package io.vowstream.dataitem;

/**
 * A private key held in this process: a {@link Signer} that can also be written to a key file
 * ({@link KeyFiles}). Create one with the factories on {@link Signer}. {@code toString()} never
 * shows private material.
 */
public sealed interface SigningKey extends Signer
    permits Ed25519SigningKey, RsaSigningKey, Secp256k1SigningKey {}
