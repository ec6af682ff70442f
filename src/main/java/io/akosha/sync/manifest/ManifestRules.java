package io.akosha.sync.manifest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of Akosha's {@code SystemMemoryUploadManifest} over the typed manifest: the Java side of
 * {@code akosha/manifest.schema.json} (ManifestContractTest breaks each rule of the schema and checks both sides
 * refuse it), and the one rule a schema cannot state: {@code uploaded_at} not in the future. Types are the
 * reader's part ({@link ManifestCodec#read}); a required property left out is null here. One instance per check.
 */
final class ManifestRules {

    /** How far ahead of this clock {@code uploaded_at} may be (another machine's clock). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Pattern UTC_TIME = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$");
    private static final Pattern HEX64 = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern OBJECT_NAME = Pattern.compile("^[A-Za-z0-9_.-]+$");
    private static final Pattern VERSION = Pattern.compile("^\\d+\\.\\d+$");
    private static final Pattern UPLOAD_ID = Pattern.compile("^[A-Za-z0-9_.-]{1,100}$");
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Pattern SESSION_ID = Pattern.compile("^[A-Za-z0-9_.-]{1,128}$");
    private static final Set<String> FORMATS = Set.of("gzip", "zstd", "lz4");
    private static final Set<String> ENTRY_COMPRESSIONS = Set.of("gzip", "zstd", "lz4", "none");

    private final Instant now;
    private final List<String> problems = new ArrayList<>();

    ManifestRules(Instant now) {
        this.now = now;
    }

    /** Every rule {@code m} breaks; empty when it passes. */
    List<String> check(Manifest m) {
        if (present(m.uploadedAt(), "uploaded_at")) {
            uploadedAt(m.uploadedAt());
        }
        range(m.conversationCount(), "conversation_count", 1_000_000,
                "conversation_count must be an integer 0..1000000");
        range(m.totalSizeBytes(), "total_size_bytes", 100_000_000_000L, "total_size_bytes must be an integer 0..100e9");
        match(m.version(), "version", VERSION, "version must look like 1.0");
        if (present(m.systemType(), "system_type")) {
            int length = m.systemType().codePointCount(0, m.systemType().length());
            if (length < 1 || length > 50) {
                problems.add("system_type must have 1..50 characters");
            }
        }
        match(m.checksum(), "checksum", HEX64, "checksum must be 64 lowercase hex digits");
        present(m.compressed(), "compressed");
        if (m.compressionFormat() != null && !FORMATS.contains(m.compressionFormat())) {
            problems.add("compression_format must be gzip, zstd or lz4");
        } else if (m.compressionFormat() == null && Boolean.TRUE.equals(m.compressed())) {
            problems.add("compression_format is missing: it is required when compressed is true");
        }
        objectNames(m.files());
        if (present(m.metadata(), "metadata")) {
            metadata(m.metadata());
        }
        return problems;
    }

    private void uploadedAt(String text) {
        Instant at = null;
        if (UTC_TIME.matcher(text).matches()) {
            try {
                at = Instant.parse(text);
            } catch (DateTimeParseException e) {
                // a time of the right shape that does not exist (month 13): reported below
            }
        }
        if (at == null) {
            problems.add("uploaded_at is not an ISO-8601 UTC time");
        } else if (at.isAfter(now.plus(CLOCK_SKEW))) {
            problems.add("uploaded_at is in the future");
        }
    }

    private void objectNames(List<String> files) {
        if (!present(files, "files")) {
            return;
        }
        if (files.isEmpty()) {
            problems.add("files must list the stored objects");
        }
        for (String name : files) {
            if (name == null || !OBJECT_NAME.matcher(name).matches() || name.contains("..")) {
                problems.add("files: '" + name + "' is not a valid object name");
            }
        }
    }

    /** Akosha's id rules forbid {@code ..} in an id: a key segment of dots. */
    private void noDots(String id, String field) {
        if (id != null && id.contains("..")) {
            problems.add(field + " must not contain '..'");
        }
    }

    private void metadata(Manifest.Metadata metadata) {
        match(metadata.uploadId(), "metadata.upload_id", UPLOAD_ID,
                "metadata.upload_id must be 1..100 letters, digits, '_', '.' or '-'");
        match(metadata.systemId(), "metadata.system_id", ID,
                "metadata.system_id must be 1..64 letters, digits, '_' or '-'");
        match(metadata.sessionId(), "metadata.session_id", SESSION_ID,
                "metadata.session_id must be 1..128 letters, digits, '_', '.' or '-'");
        noDots(metadata.uploadId(), "metadata.upload_id");
        noDots(metadata.sessionId(), "metadata.session_id");
        if (present(metadata.uploader(), "metadata.uploader")) {
            notEmpty(metadata.uploader().name(), "metadata.uploader.name");
            notEmpty(metadata.uploader().version(), "metadata.uploader.version");
        }
        if (present(metadata.files(), "metadata.files")) {
            for (int i = 0; i < metadata.files().size(); i++) {
                entry(metadata.files().get(i), "metadata.files[" + i + "]");
            }
        }
    }

    private void entry(Manifest.FileEntry f, String at) {
        if (f == null) {
            problems.add(at + " must be an object");
            return;
        }
        match(f.name(), at + ".name", OBJECT_NAME, at + ".name must be letters, digits, '_', '.' or '-'");
        notEmpty(f.objectKey(), at + ".object_key");
        range(f.originalSize(), at + ".original_size", Long.MAX_VALUE, at + ".original_size must not be negative");
        range(f.storedSize(), at + ".stored_size", Long.MAX_VALUE, at + ".stored_size must not be negative");
        match(f.sha256(), at + ".sha256", HEX64, at + ".sha256 must be 64 lowercase hex digits");
        if (present(f.compression(), at + ".compression") && !ENTRY_COMPRESSIONS.contains(f.compression())) {
            problems.add(at + ".compression must be gzip, zstd, lz4 or none");
        }
        Integer parts = f.partCount();
        range(parts == null ? null : parts.longValue(), at + ".part_count", Integer.MAX_VALUE,
                at + ".part_count must not be negative");
        if (parts != null && parts == 0 && f.reusedFrom() == null) {
            problems.add(at + ".reused_from is missing: a file of part_count 0 names the upload it reuses");
        }
        if (f.reusedFrom() != null && !UPLOAD_ID.matcher(f.reusedFrom()).matches()) {
            problems.add(at + ".reused_from must be an upload id");
        }
    }

    private boolean present(Object value, String name) {
        if (value == null) {
            problems.add(name + " is missing");
            return false;
        }
        return true;
    }

    private void range(Long value, String name, long max, String problem) {
        if (present(value, name) && (value < 0 || value > max)) {
            problems.add(problem);
        }
    }

    private void match(String value, String name, Pattern pattern, String problem) {
        if (present(value, name) && !pattern.matcher(value).matches()) {
            problems.add(problem);
        }
    }

    private void notEmpty(String value, String name) {
        if (present(value, name) && value.isEmpty()) {
            problems.add(name + " must not be empty");
        }
    }
}
