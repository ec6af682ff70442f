package io.akosha.sync.fallback;

import io.akosha.sync.redact.SafeMessage;
import java.io.IOException;

/** An HTTP exchange cut by its {@link IdleWatch}: nothing was sent or received for the idle timeout. Retried. */
public class NoProgressException extends IOException implements SafeMessage {

    public NoProgressException(String message) {
        super(message);
    }
}
