package io.akosha.sync.fallback;

import io.akosha.sync.redact.SafeMessage;
import java.io.IOException;

/**
 * The HTTP fallback failed in a way a retry may change: the receiver could not be reached, closed the connection,
 * or answered 5xx, 408 or 429. The message says which, never a header or the token.
 */
public class IngestFailedException extends IOException implements SafeMessage {

    public IngestFailedException(String message) {
        super(message);
    }
}
