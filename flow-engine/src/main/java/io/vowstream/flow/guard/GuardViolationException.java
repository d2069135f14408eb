package io.vowstream.flow.guard;

/**
 * A call broke its guard: raised before the guarded method runs (or after it, for a bad result).
 * The message reads {@code Counter.increment: argument 0 (amount): -1 (Integer) does not match nat}.
 */
public final class GuardViolationException extends IllegalArgumentException {
    private final String interfaceName;
    private final String methodName;
    private final int argumentIndex;

    public GuardViolationException(String interfaceName, String methodName, int argumentIndex, String detail) {
        super(interfaceName + "." + methodName + ": " + detail);
        this.interfaceName = interfaceName;
        this.methodName = methodName;
        this.argumentIndex = argumentIndex;
    }

    public String interfaceName() {
        return interfaceName;
    }

    public String methodName() {
        return methodName;
    }

    /** The offending argument's position, or -1 when the problem is the count or the result. */
    public int argumentIndex() {
        return argumentIndex;
    }
}
