package io.vowstream.flow.vow;

import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.fixtures.Fixture;
import io.vowstream.flow.testing.Incarnations;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** Small helpers shared by the vow tests. */
final class VowTestSupport {
    private VowTestSupport() {}

    /** The settled outcome of {@code when(specimen)} after the scheduler ran dry: the value or "rejected: message". */
    static @Nullable Object settle(Incarnations life, Fixture f, @Nullable Object specimen) {
        CompletableFuture<Object> future = f.vows.when(specimen);
        life.scheduler().runAll();
        if (!future.isDone()) {
            return "pending";
        }
        return future.handle((v, e) -> e == null ? v : "rejected: " + DisconnectedException.unwrap(e).getMessage())
                .join();
    }
}
