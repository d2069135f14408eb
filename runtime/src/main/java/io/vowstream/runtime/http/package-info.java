/**
 * A small JSON-over-HTTP server on Reactor Netty that every unit uses for its API (GET and POST), health
 * and metrics: routes with path templates ({@code /processes/{pid}}), handlers that take an
 * {@link io.vowstream.runtime.http.HttpApiRequest} and return an
 * {@link io.vowstream.runtime.http.HttpApiResponse}, and errors mapped to JSON bodies
 * ({@code 400} for {@link java.lang.IllegalArgumentException}, {@code 404} for
 * {@link java.util.NoSuchElementException}, {@code 500} otherwise).
 */
@NullMarked
package io.vowstream.runtime.http;

import org.jspecify.annotations.NullMarked;
