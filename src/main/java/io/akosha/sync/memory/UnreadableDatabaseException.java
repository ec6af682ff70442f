package io.akosha.sync.memory;

import io.akosha.sync.redact.SafeMessage;
import java.io.IOException;

/** A staged database DuckDB cannot open: not a DuckDB file, or one it cannot read. A retry will not change it. */
public class UnreadableDatabaseException extends IOException implements SafeMessage {

    public UnreadableDatabaseException(String message) {
        super(message);
    }
}
