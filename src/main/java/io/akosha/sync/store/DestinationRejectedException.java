package io.akosha.sync.store;

import io.akosha.sync.redact.SafeMessage;
import java.io.IOException;

/**
 * The destination answered, and the answer will not change on a retry (403 on a bucket we may not write,
 * NoSuchBucket, bad request): the sync goes to the fallback at once.
 */
public class DestinationRejectedException extends IOException implements SafeMessage {

    public DestinationRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
