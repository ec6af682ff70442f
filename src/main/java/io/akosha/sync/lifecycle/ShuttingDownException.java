package io.akosha.sync.lifecycle;

import java.io.IOException;

/** Work stopped between two chunks because the sidecar is stopping; the next start resumes it from the journal. */
public class ShuttingDownException extends IOException {

    public ShuttingDownException() {
        super("the sidecar is stopping; the sync resumes at the next start", null);
    }
}
