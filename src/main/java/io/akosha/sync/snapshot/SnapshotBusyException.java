package io.akosha.sync.snapshot;

/** The file kept changing during every copy the snapshot tried; the sync is tried again later. */
public class SnapshotBusyException extends Exception {

    public SnapshotBusyException(String message) {
        super(message);
    }
}
