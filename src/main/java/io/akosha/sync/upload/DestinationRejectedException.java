package io.akosha.sync.upload;

import io.akosha.sync.sync.Failures;
import java.io.IOException;

/**
 * The destination answered, and the answer will not change on a retry (403 on a bucket we may not write,
 * NoSuchBucket, bad request): the sync goes to the fallback at once.
 */
public class DestinationRejectedException extends IOException implements Failures.SanitisedFailure {

    public DestinationRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
