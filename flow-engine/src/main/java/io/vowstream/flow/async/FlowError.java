package io.vowstream.flow.async;

/**
 * An error that crossed the membrane but whose class could not be rebuilt: it keeps the original
 * error's name (its class name) and message. Replays compare errors by {@link #name()} only.
 */
public final class FlowError extends RuntimeException {
    private final String name;

    public FlowError(String name, String message) {
        super(message);
        this.name = name;
    }

    /** The original error's name (class name). */
    public String name() {
        return name;
    }

    /** The name of any error as the membrane sees it: its class name, or a {@code FlowError}'s name. */
    public static String nameOf(Throwable t) {
        return t instanceof FlowError f ? f.name : t.getClass().getName();
    }

    @Override
    public String toString() {
        return name + ": " + getMessage();
    }
}
