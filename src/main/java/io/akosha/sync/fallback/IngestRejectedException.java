package io.akosha.sync.fallback;

import io.akosha.sync.redact.SafeMessage;
import java.io.IOException;

/** Akosha's ingestion endpoint refused the upload with a 4xx that a retry will not change: the sync is parked. */
public class IngestRejectedException extends IOException implements SafeMessage {

    public IngestRejectedException(int status) {
        super("Akosha ingestion refused the upload: HTTP " + status);
    }

    /** {@code message}: what Akosha refused and why, already free of secrets. */
    public IngestRejectedException(String message) {
        super(message);
    }
}
