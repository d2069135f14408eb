package io.vowstream.flow.internal;

import io.vowstream.flow.async.FlowContext;
import io.vowstream.flow.async.LogEntry;
import io.vowstream.flow.vow.Vow;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One run of an activation: the replay membrane between guest and host, and the guest's virtual
 * thread.
 *
 * <p>Threads: the guest runs on its own virtual thread, but only while the turn thread waits for it
 * (a baton passes between the two), so guest and host never run at the same time. While the log
 * still has entries, the guest thread answers its calls and awaits from the log itself, without
 * passing the baton (replay is one uninterrupted run). Once caught up, every host call and every
 * wait passes the baton back: live host calls run on the turn thread, and an await of a pending vow
 * ends the turn.
 */
final class FlowRun implements FlowContext {
    /** Thrown into a guest whose run was stopped; an Error, so that ordinary catch blocks let it pass. */
    static final class Killed extends Error {
        Killed(String message) {
            super(message, null, false, false);
        }
    }

    // Messages guest -> host
    private record Call(Object hostTarget, String method, List<@Nullable Object> guestArgs, @Nullable Method javaMethod,
            @Nullable Callable<?> effect) {}

    private record Parked(GuestPromise promise) {}

    private record Finished(@Nullable Object value, @Nullable Throwable error) {}

    private record Panicked(Throwable problem) {}

    // Messages host -> guest
    private record Answer(@Nullable Object value, @Nullable Throwable error) {}

    private static final Object START = new Object();
    private static final Object RESUME = new Object();
    private static final Object KILL = new Object();

    final FlowActivation act;
    private final ZoneRuntime runtime;
    private final VowEngine vows;
    final FlowLog log;
    /** Log position of the next entry to replay (all entries, generation markers included). */
    int cursor;
    /** Visible entries replayed so far: the replay position reported in messages. */
    private long visibleCursor;
    private boolean stopped;
    private boolean pushedInRun;
    /** Log size at which the previous run was suspended at an await, or -1. */
    private int expectAwaitAt;
    private final @Nullable Vow<?> previousAwaited;

    // Bijection (ephemeral, per run).
    private final IdentityHashMap<Object, Object> guestForHost = new IdentityHashMap<>(4);
    private final HashMap<Vow<?>, GuestPromise> guestForVow = new HashMap<>(4);
    private @Nullable GuestPromise parkedOn;

    // The baton: who may run (HOST or GUEST), the message passed with it, and who waits for it.
    private static final int HOST = 0, GUEST = 1;
    private static final int SPINS = 64;
    private volatile int holder = HOST;
    private @Nullable Object message;
    private @Nullable Thread hostWaiter;
    private @Nullable Thread guestThread;
    private boolean finished;

    FlowRun(FlowActivation act, FlowLog log, int expectAwaitAt, @Nullable Vow<?> previousAwaited) {
        this.act = act;
        this.runtime = act.engine.runtime;
        this.vows = act.engine.vows;
        this.log = log;
        this.expectAwaitAt = expectAwaitAt;
        this.previousAwaited = previousAwaited;
    }

    boolean isReplaying() {
        return cursor < log.size();
    }

    boolean isStopped() {
        return stopped;
    }

    // ---- host side (turn thread) ------------------------------------------------------------

    /** Converts the stored arguments, starts the guest thread and runs it up to its first wait. */
    void start(List<@Nullable Object> hostArgs) {
        List<@Nullable Object> guestArgs;
        try {
            guestArgs = java.util.Collections.unmodifiableList(toGuestList(hostArgs));
        } catch (RuntimeException e) {
            act.panic(new IllegalStateException("internal: activation arguments cannot cross to the guest: "
                    + e.getMessage(), e));
            return;
        }
        Thread t = Thread.ofVirtual().name("flow-" + act.tag() + "#" + act.id).unstarted(() -> guestMain(guestArgs));
        guestThread = t;
        t.start();
        drive(START);
    }

    /** Passes the baton to the guest and serves its requests until it waits or ends. */
    private void drive(Object toGuestMessage) {
        Object m = pass(toGuestMessage);
        while (true) {
            switch (m) {
                case Call c -> m = pass(liveCall(c));
                case Panicked p -> {
                    act.panic(p.problem());
                    m = pass(new Answer(null, failedError()));
                }
                case Parked p -> {
                    log.releaseReplayed();
                    parkedOn = p.promise();
                    if (!stopped) {
                        act.suspended(log.size(), p.promise().hostVow);
                    }
                    return;
                }
                case Finished f -> {
                    finished = true;
                    if (!stopped) {
                        onFinished(f);
                    }
                    return;
                }
                default -> throw new IllegalStateException("internal: unexpected message from guest: " + m);
            }
        }
    }

    private Object pass(Object msg) {
        message = msg;
        hostWaiter = Thread.currentThread();
        holder = GUEST;
        LockSupport.unpark(guestThread);
        awaitBaton(HOST);
        Object m = message;
        message = null;
        return java.util.Objects.requireNonNull(m);
    }

    /**
     * Waits until the baton comes to {@code side}: a short spin first (a replayed or live step is
     * usually back within microseconds), then parking. The volatile {@code holder} orders the
     * plain {@code message} field between the two threads.
     */
    private void awaitBaton(int side) {
        for (int i = 0; i < SPINS && holder != side; i++) {
            Thread.onSpinWait();
        }
        while (holder != side) {
            LockSupport.park(this);
        }
    }

    /** Stops this run: the membrane refuses further use, and a waiting guest unwinds. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (parkedOn != null && !finished) {
            parkedOn = null;
            drive(KILL);
        }
    }

    static IllegalStateException failedError() {
        return new IllegalStateException(
                "In a Failed state: see getFailures() or getOptFatalProblem() for more information");
    }

    private void onFinished(Finished f) {
        if (isReplaying()) {
            String what = f.error() == null ? "fulfilled with " + FlowValues.show(f.value())
                    : "rejected with " + FlowValues.show(f.error());
            act.panic(new IllegalStateException("guest " + what + " before finishing replay (replay "
                    + visibleCursor + " of " + log.visibleSize() + ")"));
            return;
        }
        if (atPreviousSuspension()) {
            act.panic(new IllegalStateException("replay " + visibleCursor + ": the guest "
                    + (f.error() == null ? "returned" : "threw") + " where the previous run was suspended at an await"));
            return;
        }
        Object hostValue;
        try {
            hostValue = f.error() == null ? toHost(f.value(), "guest result: ") : null;
        } catch (GuestValueException e) {
            act.panic(new IllegalStateException(e.getMessage()));
            return;
        }
        act.complete(f.error() == null, hostValue, f.error());
    }

    private boolean atPreviousSuspension() {
        return expectAwaitAt >= 0 && !pushedInRun && cursor == expectAwaitAt;
    }

    /** Performs a guest's live call on the turn thread: log, call the host, log the outcome. */
    private Answer liveCall(Call c) {
        if (stopped) {
            return new Answer(null, failedError());
        }
        List<@Nullable Object> hostArgs;
        try {
            hostArgs = toHostList(c.guestArgs(), "argument ");
        } catch (GuestValueException e) {
            act.panic(new IllegalStateException("calling " + c.method() + ": " + e.getMessage()));
            return new Answer(null, failedError());
        }
        long callIndex = log.visibleSize();
        try {
            push(new LogEntry.CheckCall(c.hostTarget(), c.method(), hostArgs, callIndex));
        } catch (RuntimeException e) {
            act.panic(new IllegalStateException("calling " + c.method() + ": the call cannot be logged: "
                    + e.getMessage(), e));
            return new Answer(null, failedError());
        }
        Object result;
        try {
            if (c.effect() != null) {
                result = c.effect().call();
            } else {
                Method m = java.util.Objects.requireNonNull(c.javaMethod());
                m.setAccessible(true);
                result = m.invoke(c.hostTarget(), hostArgs.toArray());
            }
        } catch (InvocationTargetException e) {
            return logThrow(callIndex, e.getCause() == null ? e : e.getCause());
        } catch (Exception e) {
            return logThrow(callIndex, e);
        }
        Object guestResult;
        try {
            guestResult = toGuest(result);
            push(new LogEntry.DoReturn(callIndex, result));
        } catch (RuntimeException e) {
            return logThrow(callIndex, new IllegalStateException("converting " + c.method() + " result: "
                    + e.getMessage()));
        }
        return new Answer(guestResult, null);
    }

    private Answer logThrow(long callIndex, Throwable error) {
        try {
            push(new LogEntry.DoThrow(callIndex, error));
        } catch (RuntimeException e) {
            act.panic(new IllegalStateException("internal: cannot log doThrow: " + e.getMessage(), e));
            return new Answer(null, failedError());
        }
        return new Answer(null, FlowValues.freshError(error));
    }

    private void push(LogEntry e) {
        if (!pushedInRun) {
            log.push(new LogEntry.StartGeneration(runtime.incarnation()));
            pushedInRun = true;
        }
        log.push(e);
        cursor = log.size();
        visibleCursor = log.visibleSize();
        act.logChanged();
        act.engine.options.logListener().appended(act, Long.toString(act.id), visibleCursor - 1, e);
    }

    /** A host vow the guest has seen settled (on a turn): log it once, settle the guest's promise. */
    private void onHostSettled(GuestPromise gp, boolean ok, @Nullable Object value, @Nullable Throwable reason) {
        if (stopped || gp.state != GuestPromise.PENDING || isReplaying()) {
            return; // settled by replay already, or a previous run
        }
        try {
            push(ok ? new LogEntry.DoFulfill(gp.hostVow, value)
                    : new LogEntry.DoReject(gp.hostVow, java.util.Objects.requireNonNull(reason)));
        } catch (RuntimeException e) {
            act.panic(new IllegalStateException("internal: cannot log the settlement of " + gp.hostVow + ": "
                    + e.getMessage(), e));
            return;
        }
        settle(gp, ok, value, reason);
        if (parkedOn == gp) {
            parkedOn = null;
            drive(RESUME);
        }
    }

    private void settle(GuestPromise gp, boolean ok, @Nullable Object hostValue, @Nullable Throwable reason) {
        if (ok) {
            try {
                gp.value = isReplaying() ? fromLog(hostValue) : toGuest(hostValue);
                gp.state = GuestPromise.FULFILLED;
            } catch (RuntimeException e) {
                gp.reason = new IllegalStateException("converting the fulfilment of " + gp.hostVow + ": "
                        + e.getMessage());
                gp.state = GuestPromise.REJECTED;
            }
        } else {
            gp.reason = FlowValues.freshError(java.util.Objects.requireNonNull(reason));
            gp.state = GuestPromise.REJECTED;
        }
    }

    // ---- conversions --------------------------------------------------------------------------

    /** A guest value that may not go to the host (guest-made promise or object). */
    static final class GuestValueException extends RuntimeException {
        GuestValueException(String message) {
            super(message, null, false, false);
        }
    }

    private List<@Nullable Object> toGuestList(List<@Nullable Object> host) {
        List<@Nullable Object> out = new ArrayList<>(host.size());
        for (Object o : host) {
            out.add(toGuest(o));
        }
        return out;
    }

    @Nullable Object toGuest(@Nullable Object h) {
        if (FlowValues.isPlain(h)) {
            return h;
        }
        Object known = guestForHost.get(h);
        if (known != null) {
            return known;
        }
        return switch (h) {
            case Vow<?> v -> guestVow(v);
            case Throwable t -> FlowValues.freshError(t);
            case List<?> l -> {
                List<@Nullable Object> out = new ArrayList<>(l.size());
                for (Object o : l) {
                    out.add(toGuest(o));
                }
                yield java.util.Collections.unmodifiableList(out);
            }
            case Set<?> s -> {
                Set<@Nullable Object> out = new LinkedHashSet<>();
                for (Object o : s) {
                    out.add(toGuest(o));
                }
                yield java.util.Collections.unmodifiableSet(out);
            }
            case Map<?, ?> m -> {
                Map<@Nullable Object, @Nullable Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(toGuest(k), toGuest(v)));
                yield java.util.Collections.unmodifiableMap(out);
            }
            default -> {
                if (ObjectIdentities.identify(h) != null) {
                    yield guestRemote(h);
                }
                if (h instanceof Record r) {
                    yield FlowValues.mapRecord(r, this::toGuest);
                }
                throw new IllegalArgumentException(ValueCodec.describe(h) + " is not passable");
            }
        };
    }

    private Vow<?> guestVow(Vow<?> hostVow) {
        GuestPromise gp = guestForVow.get(hostVow);
        if (gp != null) {
            return gp.guestVow;
        }
        if (hostVow.shortener() instanceof GuestPromise) {
            throw new IllegalArgumentException("internal: a guest vow reached the host side");
        }
        GuestPromise fresh = new GuestPromise(this, hostVow);
        guestForVow.put(hostVow, fresh);
        // Ephemeral: logs the settlement once this run is live (replayed settlements win).
        vows.when(hostVow).whenComplete((value, error) -> onHostSettled(fresh, error == null, value,
                error == null ? null : io.vowstream.flow.disconnect.DisconnectedException.unwrap(error)));
        return fresh.guestVow;
    }

    private Object guestRemote(Object host) {
        Class<?>[] ifaces = GUEST_INTERFACES.get(host.getClass());
        if (ifaces.length == 0) {
            throw new IllegalArgumentException(host + " has no public interface a guest could call");
        }
        Object proxy = Proxy.newProxyInstance(ifaces[0].getClassLoader(), ifaces, new GuestRemote(this, host));
        guestForHost.put(host, proxy);
        return proxy;
    }

    private static final ClassValue<Class<?>[]> GUEST_INTERFACES = new ClassValue<>() {
        @Override
        protected Class<?>[] computeValue(Class<?> type) {
            Set<Class<?>> out = new LinkedHashSet<>();
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    // engine-side interfaces (package-private ones here, watcher callbacks) are not for guests
                    boolean engineSide = !java.lang.reflect.Modifier.isPublic(i.getModifiers())
                            && i.getPackageName().equals(FlowRun.class.getPackageName());
                    if (!engineSide && i != io.vowstream.flow.vow.VowWatcher.class) {
                        out.add(i);
                    }
                }
            }
            return out.toArray(new Class<?>[0]);
        }
    };

    private List<@Nullable Object> toHostList(List<@Nullable Object> guest, String label) {
        List<@Nullable Object> out = new ArrayList<>(guest.size());
        for (int i = 0; i < guest.size(); i++) {
            out.add(toHost(guest.get(i), label + i + ": "));
        }
        return out;
    }

    @Nullable Object toHost(@Nullable Object g, String path) {
        if (FlowValues.isPlain(g)) {
            return g;
        }
        return switch (g) {
            case Vow<?> v -> {
                if (v.shortener() instanceof GuestPromise gp) {
                    if (gp.run != this) {
                        throw new IllegalStateException("Called from a previous run: " + v);
                    }
                    yield gp.hostVow;
                }
                throw new GuestValueException(path + "cannot yet send guest promises " + v);
            }
            case Throwable t -> t;
            case byte[] b -> io.vowstream.flow.Bytes.copyOf(b);
            case List<?> l -> {
                List<@Nullable Object> out = new ArrayList<>(l.size());
                for (int i = 0; i < l.size(); i++) {
                    out.add(toHost(l.get(i), path + "[" + i + "]: "));
                }
                yield out;
            }
            case Set<?> s -> {
                Set<@Nullable Object> out = new LinkedHashSet<>();
                for (Object o : s) {
                    out.add(toHost(o, path));
                }
                yield out;
            }
            case Map<?, ?> m -> {
                Map<@Nullable Object, @Nullable Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.put(toHost(e.getKey(), path), toHost(e.getValue(), path + "[" + e.getKey() + "]: "));
                }
                yield out;
            }
            default -> {
                if (Proxy.isProxyClass(g.getClass()) && Proxy.getInvocationHandler(g) instanceof GuestRemote r) {
                    if (r.run != this) {
                        throw new IllegalStateException("Called from a previous run: " + g);
                    }
                    yield r.host;
                }
                if (g instanceof Record rec && ObjectIdentities.identify(g) == null) {
                    yield FlowValues.mapRecord(rec, v -> toHost(v, path + rec.getClass().getSimpleName() + ": "));
                }
                throw new GuestValueException(path + "cannot yet send guest remotables " + ValueCodec.describe(g));
            }
        };
    }

    // ---- guest side (guest thread) ----------------------------------------------------------

    private void guestMain(List<@Nullable Object> args) {
        awaitBaton(GUEST); // START
        message = null;
        Object value = null;
        Throwable error = null;
        try {
            value = act.def().guest().run(this, args);
        } catch (Throwable t) {
            error = t;
        }
        message = new Finished(value, error);
        holder = HOST;
        LockSupport.unpark(hostWaiter);
    }

    /** Passes the baton to the host with {@code m} and returns its answer. */
    private Object yieldToHost(Object m) {
        message = m;
        holder = HOST;
        LockSupport.unpark(hostWaiter);
        awaitBaton(GUEST);
        Object answer = message;
        message = null;
        return java.util.Objects.requireNonNull(answer);
    }

    private RuntimeException panicFromGuest(String problem) {
        Object answer = yieldToHost(new Panicked(new IllegalStateException(problem)));
        return answer instanceof Answer a && a.error() instanceof RuntimeException r ? r : failedError();
    }

    private void checkUsable(String what) {
        if (stopped) {
            throw new Killed("Called from a previous run: " + what + " of flow '" + act.tag() + "'");
        }
    }

    private @Nullable LogEntry peekVisible() {
        while (cursor < log.size()) {
            LogEntry e = log.get(cursor);
            if (!(e instanceof LogEntry.StartGeneration)) {
                return e;
            }
            cursor++;
        }
        return null;
    }

    /** A call from the guest: answered from the log while replaying, by the host otherwise. */
    @Nullable Object guestCall(Object hostTarget, String method, List<@Nullable Object> guestArgs,
            @Nullable Method javaMethod, @Nullable Callable<?> effect) {
        checkUsable(method);
        LogEntry next = peekVisible();
        if (next != null) {
            long at = visibleCursor;
            if (!(next instanceof LogEntry.CheckCall cc) || cc.target() != hostTarget || !cc.method().equals(method)
                    || !sameAsLogged(guestArgs, cc.args())) {
                throw panicFromGuest(replayMismatch(at, next, hostTarget, method, guestArgs));
            }
            cursor++;
            visibleCursor++;
            LogEntry outcome = peekVisible();
            cursor++;
            visibleCursor++;
            return switch (outcome) {
                case LogEntry.DoReturn r when r.callIndex() == cc.callIndex() -> {
                    try {
                        yield fromLog(r.result());
                    } catch (RuntimeException e) {
                        throw sneaky(new IllegalStateException("converting " + method + " result: " + e.getMessage()));
                    }
                }
                case LogEntry.DoThrow t when t.callIndex() == cc.callIndex() -> throw sneaky(FlowValues.freshError(t.error()));
                case null, default -> throw panicFromGuest("internal: replay " + at + ": call " + cc
                        + " is followed by " + outcome + " instead of its outcome");
            };
        }
        if (atPreviousSuspension()) {
            throw panicFromGuest("replay " + visibleCursor + ": the guest calls '" + method + "' on " + hostTarget
                    + " where the previous run was suspended at an await");
        }
        Call call = new Call(hostTarget, method, guestArgs, javaMethod, effect);
        // The turn thread is waiting for the baton either way; this only chooses who runs the host.
        Object answer = act.engine.options.hostCallsOnGuestThread() ? liveCall(call) : yieldToHost(call);
        if (answer instanceof Answer a) {
            if (a.error() != null) {
                throw sneaky(a.error());
            }
            return a.value();
        }
        throw new Killed("internal: unexpected answer " + answer);
    }

    /** The panic message for a guest call that does not match the logged entry {@code next}. */
    private String replayMismatch(long at, LogEntry next, Object hostTarget, String method,
            List<@Nullable Object> guestArgs) {
        List<@Nullable Object> hostArgs;
        try {
            hostArgs = toHostList(guestArgs, "argument ");
        } catch (GuestValueException e) {
            return "replay " + at + ": calling " + method + ": " + e.getMessage();
        }
        String now = "checkCall " + hostTarget + " '" + method + "' " + hostArgs;
        if (!(next instanceof LogEntry.CheckCall cc)) {
            return "replay " + at + ": the guest calls (" + now + ") where the log has " + next;
        }
        String why = cc.target() != hostTarget ? "target: unequal " + hostTarget + " vs " + cc.target()
                : !cc.method().equals(method) ? "method: unequal \"" + method + "\" vs \"" + cc.method() + "\""
                : FlowValues.unequal(hostArgs, cc.args(), "args: ");
        return "replay " + at + ": " + (why == null ? "unequal" : why) + " (logged " + cc + ", now " + now + ")";
    }

    /**
     * Whether guest value {@code g} equals logged host value {@code h} (structurally, errors by name,
     * stand-ins by the host object they stand for), without converting or allocating.
     */
    private boolean sameAsLogged(@Nullable Object g, @Nullable Object h) {
        if (g == h) {
            return true;
        }
        if (g == null || h == null) {
            return false;
        }
        if (g instanceof String || g instanceof Integer || g instanceof Long || g instanceof Boolean
                || g instanceof Double || g instanceof io.vowstream.flow.Bytes || g instanceof java.math.BigInteger
                || g instanceof Enum<?>) {
            return g.getClass() == h.getClass() && g.equals(h);
        }
        switch (g) {
            case List<?> gl -> {
                if (!(h instanceof List<?> hl) || gl.size() != hl.size()) {
                    return false;
                }
                for (int i = 0; i < gl.size(); i++) {
                    if (!sameAsLogged(gl.get(i), hl.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            case Map<?, ?> gm -> {
                if (!(h instanceof Map<?, ?> hm) || gm.size() != hm.size()) {
                    return false;
                }
                java.util.Iterator<? extends Map.Entry<?, ?>> hi = hm.entrySet().iterator();
                for (Map.Entry<?, ?> ge : gm.entrySet()) {
                    Map.Entry<?, ?> he = hi.next();
                    if (!sameAsLogged(ge.getKey(), he.getKey()) || !sameAsLogged(ge.getValue(), he.getValue())) {
                        return false;
                    }
                }
                return true;
            }
            case Throwable gt -> {
                return h instanceof Throwable ht && io.vowstream.flow.async.FlowError.nameOf(gt)
                        .equals(io.vowstream.flow.async.FlowError.nameOf(ht));
            }
            case Vow<?> gv -> {
                return gv.shortener() instanceof GuestPromise gp && gp.run == this && gp.hostVow.equals(h);
            }
            default -> {
                if (Proxy.isProxyClass(g.getClass()) && Proxy.getInvocationHandler(g) instanceof GuestRemote r) {
                    return r.run == this && r.host == h;
                }
                // Sets, records, bytes arrays, narrow numbers: the general (converting) comparison.
                try {
                    return FlowValues.unequal(toHost(g, ""), h, "") == null;
                } catch (RuntimeException e) {
                    return false;
                }
            }
        }
    }

    /** A logged (immutable) value for the guest: plain data as is, anything else converted. */
    private @Nullable Object fromLog(@Nullable Object h) {
        return isDeepPlain(h) ? h : toGuest(h);
    }

    private static boolean isDeepPlain(@Nullable Object v) {
        if (FlowValues.isPlain(v)) {
            return true;
        }
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (!isDeepPlain(o)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!isDeepPlain(e.getKey()) || !isDeepPlain(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T await(Vow<T> vow) {
        checkUsable("await");
        if (!(vow.shortener() instanceof GuestPromise gp)) {
            throw panicFromGuest("the guest awaits " + vow + ", which did not come through the membrane");
        }
        if (gp.run != this) {
            throw new Killed("Called from a previous run: await of " + vow);
        }
        while (gp.state == GuestPromise.PENDING) {
            LogEntry next = peekVisible();
            if (next != null) {
                long at = visibleCursor;
                switch (next) {
                    case LogEntry.DoFulfill f -> applyLogged(f.vow(), true, f.value(), null, at);
                    case LogEntry.DoReject r -> applyLogged(r.vow(), false, null, r.reason(), at);
                    default -> throw panicFromGuest("replay " + at + ": the guest awaits " + gp.hostVow
                            + ", but the log's next entry is " + next);
                }
                cursor++;
                visibleCursor++;
                continue;
            }
            if (atPreviousSuspension()) {
                if (previousAwaited != null && !previousAwaited.equals(gp.hostVow)) {
                    throw panicFromGuest("replay " + visibleCursor + ": the guest awaits " + gp.hostVow
                            + " where the previous run awaited " + previousAwaited);
                }
                expectAwaitAt = -1;
            }
            Object answer = yieldToHost(new Parked(gp));
            if (answer == KILL) {
                throw new Killed("flow '" + act.tag() + "' was stopped while awaiting " + gp.hostVow);
            }
        }
        if (gp.state == GuestPromise.REJECTED) {
            throw sneaky(java.util.Objects.requireNonNull(gp.reason));
        }
        return (T) gp.value;
    }

    private void applyLogged(Vow<?> hostVow, boolean ok, @Nullable Object value, @Nullable Throwable reason, long at) {
        GuestPromise target = guestForVow.get(hostVow);
        if (target == null) {
            throw panicFromGuest("replay " + at + ": the log settles " + hostVow + ", which this run has not seen");
        }
        if (target.state != GuestPromise.PENDING) {
            throw panicFromGuest("internal: replay " + at + ": " + hostVow + " is settled twice");
        }
        settle(target, ok, value, reason);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    // ---- context operations (logged) ----------------------------------------------------------

    @Override
    public int getVersion(String changeId, int minSupported, int maxSupported) {
        checkUsable("getVersion");
        if (minSupported > maxSupported) {
            throw new IllegalArgumentException("getVersion('" + changeId + "'): min " + minSupported + " > max "
                    + maxSupported);
        }
        LogEntry next = peekVisible();
        boolean recorded = next instanceof LogEntry.CheckCall cc && cc.target() == act
                && cc.method().equals("getVersion") && !cc.args().isEmpty() && changeId.equals(cc.args().get(0));
        if (!recorded && (next != null || atPreviousSuspension())) {
            // The log was written before this change existed: keep the old behaviour.
            if (DEFAULT_VERSION < minSupported) {
                throw panicFromGuest("replay " + visibleCursor + ": change '" + changeId + "' needs version >= "
                        + minSupported + ", but this activation predates it");
            }
            return DEFAULT_VERSION;
        }
        List<@Nullable Object> args = List.of(changeId, minSupported, maxSupported);
        Object v = guestCall(act, "getVersion", replayArgs(next, args), null, () -> maxSupported);
        int version = ((Number) java.util.Objects.requireNonNull(v)).intValue();
        if (version < minSupported || version > maxSupported) {
            throw panicFromGuest("change '" + changeId + "': recorded version " + version + " is outside the supported ["
                    + minSupported + ", " + maxSupported + "]");
        }
        return version;
    }

    /** For getVersion, the logged min and max are not part of the comparison (only the change id). */
    private static List<@Nullable Object> replayArgs(@Nullable LogEntry next, List<@Nullable Object> args) {
        return next instanceof LogEntry.CheckCall cc ? cc.args() : args;
    }

    @Override
    public Instant now() {
        Object v = guestCall(act, "now", List.of(), null, () -> runtime.scheduler().now().toString());
        return Instant.parse((String) java.util.Objects.requireNonNull(v));
    }

    @Override
    public long randomLong() {
        Object v = guestCall(act, "randomLong", List.of(), null, () -> act.engine.options.random().getAsLong());
        return (Long) java.util.Objects.requireNonNull(v);
    }

    @Override
    public UUID randomUUID() {
        Object v = guestCall(act, "randomUUID", List.of(), null, () -> {
            long hi = act.engine.options.random().getAsLong();
            long lo = act.engine.options.random().getAsLong();
            // version 4, IETF variant, like UUID.randomUUID
            hi = (hi & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
            lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(hi, lo).toString();
        });
        return UUID.fromString((String) java.util.Objects.requireNonNull(v));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T sideEffect(String name, Supplier<? extends @Nullable T> effect) {
        return (T) guestCall(act, "sideEffect", List.of(name), null, effect::get);
    }

    @Override
    public String tag() {
        return act.tag();
    }

    // ---- guest-side stand-ins ---------------------------------------------------------------

    /** The guest's promise for a host vow; the guest holds it as {@code Vow.of(this)}. */
    static final class GuestPromise implements Vow.Shortener {
        static final int PENDING = 0, FULFILLED = 1, REJECTED = 2;
        final FlowRun run;
        final Vow<?> hostVow;
        final Vow<?> guestVow;
        int state;
        @Nullable Object value;
        @Nullable Throwable reason;

        GuestPromise(FlowRun run, Vow<?> hostVow) {
            this.run = run;
            this.hostVow = hostVow;
            this.guestVow = Vow.of(this);
        }

        @Override
        public java.util.concurrent.CompletionStage<@Nullable Object> shorten() {
            throw new IllegalStateException("a guest's vow cannot be shortened; the guest awaits it with ctx.await");
        }

        @Override
        public String toString() {
            return "guest:" + hostVow;
        }
    }

    /** The guest's stand-in for a host object: every method call goes through the membrane. */
    static final class GuestRemote implements InvocationHandler {
        final FlowRun run;
        final Object host;

        GuestRemote(FlowRun run, Object host) {
            this.run = run;
            this.host = host;
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == java.util.Objects.requireNonNull(args)[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "guest:" + host;
                };
            }
            List<@Nullable Object> a = args == null ? List.of() : FlowValues.listOf(args);
            return run.guestCall(host, method.getName(), a, method, null);
        }
    }

    @Override
    public String toString() {
        return "FlowRun[" + act + ", cursor " + cursor + "/" + log.size() + (stopped ? ", stopped" : "") + "]";
    }
}
