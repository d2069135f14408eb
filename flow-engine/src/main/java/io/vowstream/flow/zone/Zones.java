package io.vowstream.flow.zone;

import io.vowstream.flow.FlowScheduler;
import io.vowstream.flow.internal.ZoneRuntime;

/** Entry points: make a heap zone, a durable zone, or restore a durable zone from a checkpoint. */
public final class Zones {
    private Zones() {}

    /** A zone whose objects live on the Java heap and are lost on restart. */
    public static Zone heap(FlowScheduler scheduler) {
        return ZoneRuntime.heap(scheduler).root();
    }

    /** A new, empty durable zone tree (incarnation 0). */
    public static DurableZone durable(FlowScheduler scheduler) {
        return ZoneRuntime.durable(scheduler).root();
    }

    /**
     * A new incarnation of the durable zone tree written by {@link DurableZone#checkpoint()}.
     *
     * @throws IllegalArgumentException if the bytes are not a checkpoint of a supported version
     */
    public static DurableZone restore(byte[] checkpoint, FlowScheduler scheduler) {
        return ZoneRuntime.restore(checkpoint, scheduler).root();
    }
}
