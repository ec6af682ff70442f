package io.akosha.sync.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.akosha.sync.sync.SyncMethod;
import io.akosha.sync.sync.SyncRecord;
import java.time.Instant;
import java.util.List;

/** Journal records and the mapper the application configures (snake_case, ISO instants), for plain unit tests. */
public final class TestRecords {

    public static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private TestRecords() {
    }

    public static SyncRecord queued(String id) {
        Instant now = Instant.parse("2026-11-21T10:15:00Z");
        return SyncRecord.accepted(id, "session-" + id, "sys", "20261121T101500Z_session-" + id, SyncMethod.AUTO, 0,
                List.of("reflection.duckdb"), now, null);
    }
}
