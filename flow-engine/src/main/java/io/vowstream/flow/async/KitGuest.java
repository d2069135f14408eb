package io.vowstream.flow.async;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The body of an {@code M.asyncFlow} kit method: a guest that also gets its kit's state accessor. */
@FunctionalInterface
public interface KitGuest {

    @Nullable Object run(FlowContext ctx, StateAccessor state, List<@Nullable Object> args) throws Exception;
}
