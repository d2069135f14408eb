package io.vowstream.flow.zone;

import io.vowstream.flow.guard.InterfaceGuard;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A place where objects and stores are made, and — in a durable zone — kept across restarts.
 *
 * <p>Every provider method ({@code exo}, {@code exoClass}, {@code exoClassKit}, {@code makeOnce},
 * {@code subZone}, {@code mapStore}, {@code setStore}) takes a label that may be used once per zone
 * per incarnation; a second use fails with "has already been used". In the next incarnation the
 * program calls the same providers with the same labels again and gets back the objects and stores
 * kept under them.
 *
 * <p>A zone is single-threaded: use it only from turns of its {@link io.vowstream.flow.FlowScheduler}
 * (or from the one test thread driving a manual scheduler).
 */
public interface Zone {

    /** The path of this zone from its root, e.g. {@code root/vows}. */
    String name();

    /** Whether this zone's content survives a checkpoint and restore. */
    boolean isDurable();

    /** The incarnation of this zone's runtime: 0 at creation, +1 on every restore. */
    long incarnation();

    /**
     * A singleton exo: one guarded object of interface {@code type} whose methods are those of
     * {@code behaviour}. The same label in a later incarnation yields the same identity.
     */
    <T> T exo(String label, InterfaceGuard guard, Class<T> type, T behaviour);

    /**
     * A kind of guarded objects with state of the given shape. {@code behaviour} is called once per
     * instance (per incarnation) with the instance's context and returns the implementation that
     * the guarded object forwards to.
     */
    <T> ExoClass<T> exoClass(String label, InterfaceGuard guard, Class<T> type, StateShape stateShape,
            Function<ExoContext, ? extends T> behaviour);

    /** A kind of kits: several guarded facets sharing one state. */
    ExoKitClass exoClassKit(String label, StateShape stateShape, KitSpec facets);

    /**
     * The value kept under {@code key}: made by {@code maker} the first time (it must be storable
     * here), found again afterwards, including in later incarnations of a durable zone.
     */
    <T> T makeOnce(String key, Supplier<? extends T> maker);

    /** A child zone, kept under {@code label}. */
    Zone subZone(String label);

    /** A map store kept under {@code label}; keys and values must be storable here. */
    <K, V> MapStore<K, V> mapStore(String label);

    /** A set store kept under {@code label}; elements must be storable here. */
    <E> SetStore<E> setStore(String label);

    /** Whether {@code value} may be stored in this zone (see the package docs for "storable"). */
    boolean isStorable(@Nullable Object value);

    /**
     * Throws {@link NotStorableException} naming {@code where} and the offending value when
     * {@code value} may not be stored in this zone.
     */
    void requireStorable(@Nullable Object value, String where);
}
