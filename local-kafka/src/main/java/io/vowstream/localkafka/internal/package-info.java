/** Code that runs inside the broker's JVM; not an API. */
@NullMarked
package io.vowstream.localkafka.internal;

import org.jspecify.annotations.NullMarked;
