package io.akosha.sync.fallback;

import io.akosha.sync.redact.SafeMessage;
import java.io.IOException;

/**
 * The multipart fallback could not read or compress the staged copy it streams (a file gone or shorter than
 * recorded, a read error): a retry of the request would not change that, so it is not retried and does not count
 * against Akosha's circuit breaker. The message names the file and the cause, never a header or the token.
 */
public class StagedReadException extends IOException implements SafeMessage {

    public StagedReadException(String file, IOException cause) {
        super("reading the staged copy of '" + file + "' failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()), cause);
    }
}
