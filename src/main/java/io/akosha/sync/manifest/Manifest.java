package io.akosha.sync.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * {@code manifest.json}, the commit marker of an upload; shaped to pass Akosha's SystemMemoryUploadManifest
 * ({@code akosha/manifest.schema.json}). Components are nullable because a manifest read from storage may lack
 * them: {@link ManifestCodec#read} returns only manifests that {@link ManifestCodec#validate} finds no problem
 * in, and in those every required component is present.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        String uploadedAt,
        Long conversationCount,
        Long totalSizeBytes,
        String version,
        String systemType,
        String checksum,
        Boolean compressed,
        @JsonDeserialize(using = NoNullString.class) String compressionFormat,
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
     * One file. {@code reusedFrom} (dedup) names the earlier upload whose object was copied, inside the store, to
     * {@code objectKey}; such a file was not sent again ({@code partCount} 0). {@code objectKey} is under the
     * manifest's own upload prefix, except in uploads written before uploads were self-contained, where it points
     * into the earlier upload.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileEntry(String name, String objectKey, Long originalSize, Long storedSize, String sha256,
            String compression, Integer partCount, @JsonDeserialize(using = NoNullString.class) String reusedFrom) {
    }
}
