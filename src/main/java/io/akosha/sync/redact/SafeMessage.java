package io.akosha.sync.redact;

/** A failure whose message was written for the client (no secret, no internals): shown as it is. */
public interface SafeMessage {

    String getMessage();
}
