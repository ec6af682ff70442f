package io.akosha.sync.manifest;

import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.compress.Compression;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the manifest of a stored upload. */
@ApplicationScoped
public class ManifestFactory {

    public static final String VERSION = "1.0";
    public static final String SYSTEM_TYPE = "session-buddy";
    public static final String UPLOADER = "akosha-sync";

    private final String uploaderVersion;

    public ManifestFactory(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.uploaderVersion = version;
    }

    public Manifest create(SyncRecord sync, List<FileResult> stored, Compression compression, String storedSuffix,
            Instant now) {
        List<FileResult> byName = stored.stream().sorted(Comparator.comparing(FileResult::name)).toList();
        List<Manifest.FileEntry> entries = byName.stream()
                .map(f -> new Manifest.FileEntry(f.name(), f.objectKey(), f.size(), f.storedBytes(), f.sha256(),
                        compression.entryName(), f.parts(), f.reusedFrom()))
                .toList();
        List<String> objectNames = byName.stream().map(f -> f.name() + storedSuffix).toList();
        long total = byName.stream().mapToLong(FileResult::size).sum();
        boolean compressed = compression != Compression.NONE;
        return new Manifest(now.truncatedTo(ChronoUnit.SECONDS).toString(), sync.conversationCount(), total, VERSION,
                SYSTEM_TYPE, ManifestCodec.checksum(entries), compressed,
                compressed ? compression.manifestName() : null, objectNames,
                new Manifest.Metadata(sync.uploadId(), sync.systemId(), sync.sessionId(),
                        new Manifest.Uploader(UPLOADER, uploaderVersion), entries));
    }
}
