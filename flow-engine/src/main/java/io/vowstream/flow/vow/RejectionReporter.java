package io.vowstream.flow.vow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told about vow rejections nobody handled. A rejection counts as handled once somebody shortened
 * the vow (through {@code when}, {@code watch}, {@code all}…). Reports come from
 * {@link VowTools#reportUnhandledRejections()} (hosts call it when a delivery is done) and, for
 * rejections left unhandled before a restart, when the new incarnation resumes.
 */
@FunctionalInterface
public interface RejectionReporter {

    void unhandledRejection(Vow<?> vow, Throwable reason, boolean fromEarlierIncarnation);

    /** Logs each report as a warning through SLF4J. */
    static RejectionReporter logging() {
        Logger log = LoggerFactory.getLogger(RejectionReporter.class);
        return (vow, reason, earlier) -> log.warn("VOW_REJECTION of {} not handled{}: {}", vow,
                earlier ? " before restart" : "", reason.toString());
    }
}
