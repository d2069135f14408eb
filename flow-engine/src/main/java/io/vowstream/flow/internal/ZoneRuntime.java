package io.vowstream.flow.internal;

import io.vowstream.flow.FlowScheduler;
import io.vowstream.flow.disconnect.DisconnectedException;
import io.vowstream.flow.disconnect.DisconnectionReason;
import io.vowstream.flow.vow.VowWatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One incarnation of a zone tree: the object table, the per-zone data (baggage, stores, kind
 * metadata), durable promise watches and unhandled rejections — all of it in stored form, so the
 * durable variant can be written to bytes — plus the ephemeral part rebuilt every incarnation
 * (kind definitions, live objects, used labels).
 */
public final class ZoneRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneRuntime.class);
    static final String ROOT = "root";

    /** An object's kind and state (field name to stored value). */
    static final class ObjectRecord {
        final String kindKey;
        final LinkedHashMap<String, @Nullable Object> state;

        ObjectRecord(String kindKey, LinkedHashMap<String, @Nullable Object> state) {
            this.kindKey = kindKey;
            this.state = state;
        }
    }

    /** What one zone keeps under its labels. */
    static final class ZoneData {
        final LinkedHashMap<String, @Nullable Object> baggage = new LinkedHashMap<>();
        final LinkedHashMap<String, LinkedHashMap<@Nullable Object, @Nullable Object>> maps = new LinkedHashMap<>();
        final LinkedHashMap<String, LinkedHashSet<@Nullable Object>> sets = new LinkedHashMap<>();
        final LinkedHashMap<String, Map<String, Object>> kinds = new LinkedHashMap<>();
    }

    /** A durable watch on an ephemeral promise: who to tell, with which arguments (stored forms). */
    record PendingWatch(Object watcher, @Nullable Object args) {}

    /** A kind defined in this incarnation. */
    record KindDef(String key, LongFunction<Object> reviver) {}

    /** Implemented by live objects that have named facets. */
    interface Faceted {
        Object facet(String name);
    }

    private final boolean durable;
    final FlowScheduler scheduler;
    private final long incarnation;
    private long nextId = 1;
    private long nextWatchId = 1;
    final Map<Long, ObjectRecord> objects = new TreeMap<>();
    private final Map<String, ZoneData> zones = new TreeMap<>();
    private final TreeMap<Long, PendingWatch> pendingWatches = new TreeMap<>();
    final TreeSet<Long> unhandledRejections = new TreeSet<>();

    // Ephemeral: rebuilt by the program in every incarnation.
    private final Map<String, KindDef> kinds = new HashMap<>();
    private final Map<Long, Object> live = new HashMap<>();
    private final Map<String, Set<String>> usedLabels = new HashMap<>();
    final Set<Long> reportedRejections = new HashSet<>();
    final Map<Long, Object> ephemera = new HashMap<>();
    private List<PendingWatch> lostWatches = List.of();
    private final List<Runnable> checkpointHooks = new ArrayList<>();
    private final List<Runnable> closeHooks = new ArrayList<>();
    private boolean restoring;
    final ValueCodec codec;
    private final ZoneImpl root;

    private ZoneRuntime(boolean durable, FlowScheduler scheduler, long incarnation) {
        this.durable = durable;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.incarnation = incarnation;
        this.codec = new ValueCodec(this);
        this.zones.put(ROOT, new ZoneData());
        this.root = new ZoneImpl(this, ROOT);
    }

    public static ZoneRuntime heap(FlowScheduler scheduler) {
        return new ZoneRuntime(false, scheduler, 0);
    }

    public static ZoneRuntime durable(FlowScheduler scheduler) {
        return new ZoneRuntime(true, scheduler, 0);
    }

    public ZoneImpl root() {
        return root;
    }

    boolean isDurable() {
        return durable;
    }

    long incarnation() {
        return incarnation;
    }

    FlowScheduler scheduler() {
        return scheduler;
    }

    // ---- zones and labels ---------------------------------------------------------------------

    ZoneData zoneData(String path) {
        return zones.computeIfAbsent(path, p -> new ZoneData());
    }

    void useLabel(String path, String label) {
        Objects.requireNonNull(label, "label");
        if (label.isBlank() || label.contains("/") || label.contains(":")) {
            throw new IllegalArgumentException("label '" + label + "' in zone '" + path
                    + "' must be non-blank and contain no '/' or ':'");
        }
        if (!usedLabels.computeIfAbsent(path, p -> new HashSet<>()).add(label)) {
            throw new IllegalArgumentException("label '" + label + "' has already been used in zone '" + path
                    + "' in this incarnation");
        }
    }

    // ---- kinds and objects --------------------------------------------------------------------

    /**
     * Defines (or, in a later incarnation, defines again) kind {@code label} of zone {@code path};
     * refuses a description incompatible with the stored one.
     */
    String defineKind(String path, String label, Map<String, Object> meta, LongFunction<Object> reviver) {
        useLabel(path, label);
        String key = path + ":" + label;
        ZoneData zd = zoneData(path);
        Map<String, Object> old = zd.kinds.get(label);
        if (old != null) {
            KindMeta.checkCompatible(key, old, meta);
        }
        zd.kinds.put(label, meta);
        kinds.put(key, new KindDef(key, reviver));
        return key;
    }

    long newObject(String kindKey, LinkedHashMap<String, @Nullable Object> storedState) {
        long id = nextId++;
        objects.put(id, new ObjectRecord(kindKey, storedState));
        return id;
    }

    ObjectRecord record(long id) {
        ObjectRecord r = objects.get(id);
        if (r == null) {
            throw new IllegalStateException("object #" + id + " does not exist in this zone tree");
        }
        return r;
    }

    Object liveObject(long id, String facet) {
        Object obj = live.get(id);
        if (obj == null) {
            ObjectRecord rec = record(id);
            KindDef kind = kinds.get(rec.kindKey);
            if (kind == null) {
                throw new IllegalStateException("object #" + id + " of kind '" + rec.kindKey
                        + "' cannot be used: the kind was not defined again in incarnation " + incarnation);
            }
            obj = kind.reviver().apply(id);
            live.put(id, obj);
        }
        if (facet.isEmpty()) {
            return obj;
        }
        if (obj instanceof Faceted f) {
            return f.facet(facet);
        }
        throw new IllegalStateException("object #" + id + " has no facet '" + facet + "'");
    }

    /** Whether kind {@code kindKey} was defined in this incarnation. */
    boolean isKindDefined(String kindKey) {
        return kinds.containsKey(kindKey);
    }

    /** How many stored objects have kind {@code kindKey}. */
    int countObjectsOfKind(String kindKey) {
        int n = 0;
        for (ObjectRecord r : objects.values()) {
            if (r.kindKey.equals(kindKey)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Gives object {@code id} a new kind and state from the next incarnation on (the live object of
     * this incarnation stays). Used to turn finished flows into tombstones whose kind is always defined.
     */
    void rekind(long id, String kindKey, LinkedHashMap<String, @Nullable Object> storedState) {
        record(id);
        objects.put(id, new ObjectRecord(kindKey, storedState));
    }

    /**
     * Runs {@code hook} at the start of every checkpoint of this incarnation, so that layers keeping
     * a faster live form (flow logs) can write their stored form first.
     */
    void onCheckpoint(Runnable hook) {
        checkpointHooks.add(hook);
    }

    /** Runs {@code hook} when this incarnation is closed (layers that hold threads release them). */
    void onClose(Runnable hook) {
        closeHooks.add(hook);
    }

    void close() {
        for (Runnable hook : closeHooks) {
            hook.run();
        }
    }

    /** Called by providers that make a live object themselves right after {@link #newObject}. */
    void registerLive(long id, Object obj) {
        live.put(id, obj);
    }

    // ---- durable promise watches --------------------------------------------------------------

    /**
     * Tells {@code watcher} (a zone object implementing {@link VowWatcher}) how {@code stage}
     * settles, with {@code args}. The registration is part of the checkpoint: if the stage is lost
     * with the heap, the watcher gets an {@code Upgraded} rejection in the next incarnation.
     */
    void watchPromise(CompletionStage<?> stage, Object watcher, List<@Nullable Object> args) {
        long watchId = nextWatchId++;
        pendingWatches.put(watchId, new PendingWatch(
                Objects.requireNonNull(codec.toStored(watcher, "promise watcher")),
                codec.toStored(args, "promise watcher arguments")));
        stage.whenComplete((value, error) -> scheduler.execute(() -> {
            PendingWatch pw = pendingWatches.remove(watchId);
            if (pw != null) {
                deliver(pw, error == null, value, error);
            }
        }));
    }

    /**
     * Calls the watcher of a settled watch. A failure here has nobody to report to but the log:
     * throwing would abort the scheduler's turn loop for everyone else.
     */
    @SuppressWarnings("unchecked")
    private void deliver(PendingWatch pw, boolean fulfilled, @Nullable Object value, @Nullable Throwable error) {
        Object watcher = pw.watcher();
        try {
            watcher = codec.revive(pw.watcher());
            List<@Nullable Object> args = pw.args() == null ? List.of()
                    : (List<@Nullable Object>) codec.revive(pw.args());
            if (!(watcher instanceof VowWatcher vw)) {
                throw new IllegalStateException("internal: promise watcher " + watcher + " is not a VowWatcher");
            }
            if (fulfilled) {
                vw.onFulfilled(value, args);
            } else {
                vw.onRejected(Objects.requireNonNull(DisconnectedException.unwrap(error)), args);
            }
        } catch (Throwable t) {
            LOG.error("delivery to promise watcher {} failed", watcher, t);
        }
    }

    // ---- checkpoint and restore ---------------------------------------------------------------

    byte[] checkpoint() {
        if (!durable) {
            throw new IllegalStateException("a heap zone cannot be checkpointed");
        }
        for (Runnable hook : checkpointHooks) {
            hook.run();
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("incarnation", incarnation);
        tree.put("nextId", nextId);
        tree.put("nextWatchId", nextWatchId);
        Map<Object, Object> objs = new LinkedHashMap<>();
        objects.forEach((id, r) -> objs.put(id, new ArrayList<>(List.of(r.kindKey, r.state))));
        tree.put("objects", objs);
        Map<Object, Object> zs = new LinkedHashMap<>();
        zones.forEach((path, zd) -> {
            Map<String, Object> z = new LinkedHashMap<>();
            z.put("baggage", zd.baggage);
            z.put("maps", zd.maps);
            z.put("sets", zd.sets);
            z.put("kinds", zd.kinds);
            zs.put(path, z);
        });
        tree.put("zones", zs);
        Map<Object, Object> ws = new LinkedHashMap<>();
        List<PendingWatch> all = new ArrayList<>(lostWatches);
        all.addAll(pendingWatches.values());
        long n = 0;
        for (PendingWatch w : all) {
            List<@Nullable Object> pair = new ArrayList<>();
            pair.add(w.watcher());
            pair.add(w.args());
            ws.put(n++, pair);
        }
        tree.put("watches", ws);
        tree.put("unhandled", new ArrayList<>(unhandledRejections));
        return CheckpointCodec.encode(tree);
    }

    @SuppressWarnings("unchecked")
    public static ZoneRuntime restore(byte[] checkpoint, FlowScheduler scheduler) {
        Object decoded = CheckpointCodec.decode(checkpoint);
        if (!(decoded instanceof Map<?, ?> tree) || !(tree.get("incarnation") instanceof Long inc)) {
            throw new IllegalArgumentException("zone checkpoint has no runtime image");
        }
        ZoneRuntime rt = new ZoneRuntime(true, scheduler, inc + 1);
        rt.nextId = (Long) tree.get("nextId");
        rt.nextWatchId = (Long) tree.get("nextWatchId");
        ((Map<Object, Object>) tree.get("objects")).forEach((id, pair) -> {
            List<Object> p = (List<Object>) pair;
            rt.objects.put((Long) id, new ObjectRecord((String) p.get(0),
                    (LinkedHashMap<String, @Nullable Object>) p.get(1)));
        });
        ((Map<Object, Object>) tree.get("zones")).forEach((path, z) -> {
            Map<String, Object> zm = (Map<String, Object>) z;
            ZoneData zd = rt.zoneData((String) path);
            zd.baggage.putAll((Map<String, Object>) zm.get("baggage"));
            ((Map<String, Object>) zm.get("maps")).forEach((k, v) ->
                    zd.maps.put(k, (LinkedHashMap<@Nullable Object, @Nullable Object>) v));
            ((Map<String, Object>) zm.get("sets")).forEach((k, v) -> zd.sets.put(k, (LinkedHashSet<@Nullable Object>) v));
            ((Map<String, Object>) zm.get("kinds")).forEach((k, v) -> zd.kinds.put(k, (Map<String, Object>) v));
        });
        List<PendingWatch> lost = new ArrayList<>();
        ((Map<Object, Object>) tree.get("watches")).forEach((k, pair) -> {
            List<Object> p = (List<Object>) pair;
            lost.add(new PendingWatch(p.get(0), p.get(1)));
        });
        rt.lostWatches = lost;
        for (Object id : (List<Object>) tree.get("unhandled")) {
            rt.unhandledRejections.add((Long) id);
        }
        rt.restoring = true;
        return rt;
    }

    void checkRedefined() {
        Map<String, Integer> missing = new TreeMap<>();
        for (ObjectRecord r : objects.values()) {
            if (!kinds.containsKey(r.kindKey)) {
                missing.merge(r.kindKey, 1, Integer::sum);
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder sb = new StringBuilder("kinds with stored objects were not defined again in incarnation ")
                    .append(incarnation).append(": ");
            missing.forEach((k, n) -> sb.append('\'').append(k).append("' (").append(n).append(" objects) "));
            throw new IllegalStateException(sb.toString().trim());
        }
    }

    void resume() {
        if (!restoring) {
            return;
        }
        checkRedefined();
        restoring = false;
        List<PendingWatch> lost = lostWatches;
        lostWatches = List.of();
        DisconnectedException upgraded = new DisconnectedException(new DisconnectionReason.Upgraded(incarnation));
        for (PendingWatch pw : lost) {
            scheduler.execute(() -> deliver(pw, false, null, upgraded));
        }
        for (Long id : new ArrayList<>(unhandledRejections)) {
            scheduler.execute(() -> {
                if (unhandledRejections.contains(id) && liveObject(id, "") instanceof VowInternals v) {
                    v.reportUnhandled(true);
                }
            });
        }
    }

    boolean isRestoring() {
        return restoring;
    }
}
