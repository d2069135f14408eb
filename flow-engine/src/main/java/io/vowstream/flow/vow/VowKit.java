package io.vowstream.flow.vow;

/** A new vow and the only means of settling it. Both halves are storable. */
public record VowKit<T>(Vow<T> vow, VowResolver<T> resolver) {}
