package io.vowstream.flow.testing;

import io.vowstream.flow.zone.DurableZone;
import io.vowstream.flow.zone.Zone;
import io.vowstream.flow.zone.Zones;
import java.util.function.Function;

/**
 * Runs a scenario in a heap zone or in a durable zone across restarts, with one code path.
 *
 * <p>{@link #restart} on a durable zone checkpoints the tree, closes the old incarnation (its
 * parked flow guests end), drops the old scheduler with whatever
 * it still had queued (as a crash right after the checkpoint would), restores a new incarnation on
 * a fresh {@link ManualFlowScheduler}, lets the program define its kinds again and resumes. On a
 * heap zone it does nothing and hands back the current definitions, so a scenario written as
 * "do, restart, check" also runs as "do, check".
 */
public final class Incarnations {
    /** Which kind of zone a scenario runs in. */
    public enum Kind { HEAP, DURABLE }

    private final Kind kind;
    private ManualFlowScheduler scheduler = new ManualFlowScheduler();
    private Zone root;
    private int restarts;

    private Incarnations(Kind kind) {
        this.kind = kind;
        this.root = kind == Kind.DURABLE ? Zones.durable(scheduler) : Zones.heap(scheduler);
    }

    public static Incarnations start(Kind kind) {
        return new Incarnations(kind);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isDurable() {
        return kind == Kind.DURABLE;
    }

    public Zone root() {
        return root;
    }

    public ManualFlowScheduler scheduler() {
        return scheduler;
    }

    /** How many restarts really happened (always 0 for a heap zone). */
    public int restarts() {
        return restarts;
    }

    /**
     * Restarts a durable zone (see the class docs) and returns {@code define} applied to the new
     * root; for a heap zone returns {@code current} unchanged.
     */
    public <D> D restart(Function<Zone, D> define, D current) {
        if (kind == Kind.HEAP) {
            return current;
        }
        byte[] bytes = ((DurableZone) root).checkpoint();
        ((DurableZone) root).close();
        scheduler = new ManualFlowScheduler(scheduler.now());
        DurableZone next = Zones.restore(bytes, scheduler);
        D defs = define.apply(next);
        next.resume();
        root = next;
        restarts++;
        return defs;
    }
}
