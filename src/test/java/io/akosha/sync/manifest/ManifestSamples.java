package io.akosha.sync.manifest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.api.ApiJson;
import java.io.UncheckedIOException;
import java.io.IOException;

/** The application's JSON, a codec on it, and a valid manifest document to break. */
final class ManifestSamples {

    /** A sentinel for {@link #with}: remove the property. */
    static final Object REMOVE = new Object();

    static final ObjectMapper MAPPER = appMapper();

    private ManifestSamples() {
    }

    private static ObjectMapper appMapper() {
        ObjectMapper mapper = new ObjectMapper();
        new ApiJson().customize(mapper);
        return mapper;
    }

    static ManifestCodec codec() {
        return new ManifestCodec(MAPPER);
    }

    /** A compressed manifest of two files, the first reused from an earlier upload, as this sidecar writes one. */
    static ObjectNode valid() {
        try {
            return (ObjectNode) MAPPER.readTree("""
                    {"uploaded_at":"2026-01-01T00:00:05Z","conversation_count":3,"total_size_bytes":3000,
                     "version":"1.0","system_type":"session-buddy",
                     "checksum":"%s",
                     "compressed":true,"compression_format":"zstd",
                     "files":["graph.duckdb.zst","reflection.duckdb.zst"],
                     "metadata":{"upload_id":"20260101T000000Z_s-1","system_id":"laptop","session_id":"s-1",
                       "uploader":{"name":"akosha-sync","version":"0.1.0"},
                       "files":[
                         {"name":"graph.duckdb","object_key":"systems/laptop/20251231T000000Z_s-0/graph.duckdb.zst",
                          "original_size":1000,"stored_size":400,"sha256":"%s","compression":"zstd","part_count":0,
                          "reused_from":"20251231T000000Z_s-0"},
                         {"name":"reflection.duckdb",
                          "object_key":"systems/laptop/20260101T000000Z_s-1/reflection.duckdb.zst",
                          "original_size":2000,"stored_size":900,"sha256":"%s","compression":"zstd","part_count":1}]}}
                    """.formatted("c".repeat(64), "b".repeat(64), "a".repeat(64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code manifest} with the value at {@code pointer} ({@code /metadata/files/0/sha256}) set to {@code value}
     * (any Java value as JSON; null is JSON null) or removed ({@link #REMOVE}).
     */
    static ObjectNode with(ObjectNode manifest, String pointer, Object value) {
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = manifest.at(at.head());
        String last = at.last().getMatchingProperty();
        if (parent instanceof ArrayNode array) {
            int index = at.last().getMatchingIndex();
            if (value == REMOVE) {
                array.remove(index);
            } else {
                array.set(index, MAPPER.valueToTree(value));
            }
        } else if (value == REMOVE) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, MAPPER.valueToTree(value));
        }
        return manifest;
    }

    static byte[] bytes(JsonNode manifest) {
        try {
            return MAPPER.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
