package io.akosha.sync.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The application's JSON (API, journal): snake_case names, set here rather than with
 * {@code quarkus.jackson.property-naming-strategy}, which Quarkus resolves by {@code Class.forName} at run time
 * (the native image has no reflection entry for the strategy class and failed to start). Tight parser limits for
 * what the API reads (a session-end body is a handful of fields): a hostile body nested thousands of levels deep
 * or carrying huge strings or numbers is refused early with 400, cheaply.
 */
@Singleton
public class ApiJson implements ObjectMapperCustomizer {

    static final int MAX_NESTING = 32;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(1024 * 1024)
                .maxNumberLength(100)
                .build());
    }
}
