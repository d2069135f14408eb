package io.vowstream.flow.async;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of an async flow: plain sequential Java that reaches the world only through its
 * {@link FlowContext} and through the stand-ins it receives in {@code args}. See the determinism
 * contract in {@link io.vowstream.flow.async}.
 */
@FunctionalInterface
public interface GuestFunction {

    /**
     * Runs the flow. What it returns fulfils the outcome vow; what it throws rejects it (both only
     * once the log has been replayed to its end).
     */
    @Nullable Object run(FlowContext ctx, List<@Nullable Object> args) throws Exception;
}
