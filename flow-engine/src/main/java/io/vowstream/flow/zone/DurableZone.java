package io.vowstream.flow.zone;

/**
 * The root of a durable zone tree: it can be written to bytes and restored as a new incarnation.
 *
 * <p>Restoring is two-phase. {@link Zones#restore} returns a root whose content is back but whose
 * behaviour is not: the program then defines all its kinds again (same labels, compatible state
 * shapes) and calls {@link #resume()}. Resuming checks that every stored object's kind was defined
 * again and then delivers what the restart broke: watchers of promises that were pending at the
 * checkpoint receive an {@code Upgraded(incarnation)} disconnection.
 */
public interface DurableZone extends Zone {

    /** The whole content of this zone tree (sub-zones, stores, objects, vows, watchers) as bytes. */
    byte[] checkpoint();

    /**
     * Throws {@link IllegalStateException} naming every kind that has stored objects but was not
     * defined again in this incarnation.
     */
    void checkRedefined();

    /** Ends the restore phase (see above). Calling it on a root that was not restored does nothing. */
    void resume();

    /**
     * Ends this incarnation in this JVM: every async-flow guest still parked at an await is unwound
     * and its virtual thread ends (live virtual threads are never garbage). Stored content is
     * untouched — take the checkpoint first; do not use the zone afterwards.
     */
    void close();
}
