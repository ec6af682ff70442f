package io.akosha.sync.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Life cycle of a sync, as shown by the API. */
public enum SyncStatus {
    QUEUED,
    SNAPSHOTTING,
    UPLOADING,
    FALLING_BACK,
    DELIVERED,
    PARKED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SyncStatus fromWire(String value) {
        for (SyncStatus s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        return null;
    }

    /** Whether the pipeline still owes work for a sync in this state. */
    public boolean pending() {
        return this != DELIVERED && this != PARKED;
    }
}
