package io.vowstream.flow.zone;

import java.util.Map;

/** Maker of the kits of one exo-kit kind. */
public interface ExoKitClass {

    String label();

    /** A new kit; the state rules are those of {@link ExoClass#make}. */
    Kit make(Map<String, ?> initialState);
}
