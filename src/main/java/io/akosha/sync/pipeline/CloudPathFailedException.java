package io.akosha.sync.pipeline;

import io.akosha.sync.redact.SafeMessage;

/** The cloud path gave up and no fallback may take over (method {@code cloud}, or the fallback is off). */
public class CloudPathFailedException extends RuntimeException implements SafeMessage {

    public CloudPathFailedException(String reason) {
        super(reason, null, false, false);
    }
}
