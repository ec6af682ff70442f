package io.akosha.sync.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a sync reaches Akosha: auto (cloud, then HTTP), cloud only, HTTP only. */
public enum SyncMethod {
    AUTO,
    CLOUD,
    HTTP;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; null when unknown. */
    public static SyncMethod fromWire(String value) {
        for (SyncMethod m : values()) {
            if (m.wireName().equals(value)) {
                return m;
            }
        }
        return null;
    }
}
