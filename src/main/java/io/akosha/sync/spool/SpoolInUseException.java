package io.akosha.sync.spool;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Path;

/**
 * The spool directory is held by another sidecar: two on one spool would overwrite each other's journal. A
 * configuration error, so that start-up stops with this one message and a non-zero exit code.
 */
public final class SpoolInUseException extends ConfigurationException {

    public SpoolInUseException(Path spool, String holder) {
        super("akosha.spool-dir: " + spool + " is in use by " + holder + "; one sidecar per spool directory (stop "
                + "the other one, or give this one a spool of its own)");
    }
}
