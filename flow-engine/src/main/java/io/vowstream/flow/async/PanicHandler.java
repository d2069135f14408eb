package io.vowstream.flow.async;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told when an activation panics (replay mismatch, early completion, a guest object handed to the
 * host, an internal error). The activation is already Failed when this runs; a handler must not
 * throw (what it throws is logged and dropped).
 */
@FunctionalInterface
public interface PanicHandler {

    void panicked(AsyncFlow flow, Throwable problem);

    /** The default: log loudly (ERROR, with the problem's stack trace) through SLF4J. */
    static PanicHandler logging() {
        Logger log = LoggerFactory.getLogger(PanicHandler.class);
        return (flow, problem) -> log.error("ASYNC_FLOW_PANIC {} is Failed (see getFailures()): {}", flow,
                problem.getMessage(), problem);
    }
}
