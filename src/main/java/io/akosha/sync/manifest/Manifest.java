package io.akosha.sync.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** {@code manifest.json}, the commit marker of an upload; shaped to pass Akosha's SystemMemoryUploadManifest. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        String uploadedAt,
        long conversationCount,
        long totalSizeBytes,
        String version,
        String systemType,
        String checksum,
        boolean compressed,
        String compressionFormat,
        List<String> files,
        Metadata metadata) {

    @RegisterForReflection
    public record Metadata(String uploadId, String systemId, String sessionId, Uploader uploader,
            List<FileEntry> files) {
    }

    @RegisterForReflection
    public record Uploader(String name, String version) {
    }

    /**
     * One file. {@code reusedFrom} (dedup) names the earlier upload whose object {@code objectKey} holds these
     * bytes; such a file was not sent again ({@code partCount} 0).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileEntry(String name, String objectKey, long originalSize, long storedSize, String sha256,
            String compression, int partCount, String reusedFrom) {
    }
}
