package io.akosha.sync.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Tight parser limits for what the API reads (a session-end body is a handful of fields): a hostile body nested
 * thousands of levels deep or carrying huge strings or numbers is refused early with 400, cheaply.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    static final int MAX_NESTING = 32;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(1024 * 1024)
                .maxNumberLength(100)
                .build());
    }
}
