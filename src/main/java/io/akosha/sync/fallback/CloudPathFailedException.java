package io.akosha.sync.fallback;

import io.akosha.sync.sync.Failures;

/** The cloud path gave up and no fallback may take over (method {@code cloud}, or the fallback is off). */
public class CloudPathFailedException extends RuntimeException implements Failures.SanitisedFailure {

    public CloudPathFailedException(String reason) {
        super(reason, null, false, false);
    }
}
