package io.akosha.sync.store;

import io.akosha.sync.redact.SafeMessage;
import java.io.IOException;

/**
 * The destination cannot be reached at all (connection refused, unknown host): retrying now is pointless,
 * the sync goes to the fallback at once.
 */
public class DestinationUnavailableException extends IOException implements SafeMessage {

    public DestinationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
