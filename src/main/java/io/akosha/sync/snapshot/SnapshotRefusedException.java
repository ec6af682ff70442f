package io.akosha.sync.snapshot;

import java.io.IOException;

/** None of the files a sync asked for can be taken (all vanished or lead out of the data directory). */
public final class SnapshotRefusedException extends IOException {

    SnapshotRefusedException(String message) {
        super(message);
    }
}
