package io.akosha.sync.upload;

import io.akosha.sync.compress.Compression;
import io.akosha.sync.manifest.Manifest;
import io.akosha.sync.manifest.ManifestCodec;
import io.akosha.sync.manifest.ManifestFactory;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.sync.SyncRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stores every staged file of a sync into a destination, under the sync's own upload prefix, and builds the
 * manifest that describes them; a file {@link FileReuse} finds already stored is copied there inside the store
 * instead of being sent. The manifest is returned, not written: the caller commits the upload by writing it last.
 * For the HTTP fallback, {@link #stream} compresses one staged file straight into a request and {@link #seal}
 * builds the same manifest from what was streamed, which the request then carries as its last part.
 */
@ApplicationScoped
public class Packer {

    private final FileStreamer streamer;
    private final Layout layout;
    private final ManifestFactory manifests;
    private final ManifestCodec codec;

    public Packer(FileStreamer streamer, Layout layout, ManifestFactory manifests, ManifestCodec codec) {
        this.streamer = streamer;
        this.layout = layout;
        this.manifests = manifests;
        this.codec = codec;
    }

    /**
     * Stores the staged files of {@code sync}. Objects {@code log} knows as complete (an earlier attempt stored
     * them) are not sent again; each object stored is recorded there as complete.
     */
    public Packed pack(Destination destination, SyncRecord sync, Path stagingDir, ProgressLog log)
            throws IOException {
        return pack(destination, sync, stagingDir, log, FileReuse.NONE);
    }

    /** As {@link #pack(Destination, SyncRecord, Path, ProgressLog)}, copying the files {@code reuse} finds stored. */
    public Packed pack(Destination destination, SyncRecord sync, Path stagingDir, ProgressLog log, FileReuse reuse)
            throws IOException {
        List<FileResult> stored = new ArrayList<>();
        for (FileResult file : sync.files()) {
            String key = layout.key(sync.systemId(), sync.uploadId(), streamer.storedName(file.name()));
            Optional<ObjectProgress> earlier = log.find(key).filter(ObjectProgress::complete)
                    .filter(o -> o.stored().name().equals(file.name()) && o.stored().size() == file.size());
            if (earlier.isPresent()) {
                stored.add(earlier.get().stored());
                continue;
            }
            Path staged = stagingDir.resolve(file.name());
            Optional<FileResult> unchanged = reuse.find(sync, file, staged, streamer.format());
            FileResult result;
            if (unchanged.isPresent()) {
                // server-side: every upload holds every object its manifest lists, so any can be deleted alone
                destination.copy(unchanged.get().objectKey(), key);
                result = unchanged.get().at(key);
            } else {
                result = streamer.store(destination, key, staged, file, log);
            }
            log.completed(key, streamer.cutting(), result);
            stored.add(result);
        }
        return seal(sync, stored, Instant.now());
    }

    /** The compression the files are stored (or streamed) with. */
    public Compression format() {
        return streamer.format();
    }

    /** The name a staged file is stored under (the last segment of its object key). */
    public String storedName(FileResult file) {
        return streamer.storedName(file.name());
    }

    /**
     * Compresses the staged copy of {@code file} into {@code out} as {@link #pack} would store it (same members, same
     * object key), hashing the original bytes on the way; {@code out} is not closed. Memory stays flat whatever the
     * file's size.
     */
    public FileResult stream(SyncRecord sync, FileResult file, Path stagingDir, OutputStream out) throws IOException {
        String key = layout.key(sync.systemId(), sync.uploadId(), storedName(file));
        return streamer.stream(key, stagingDir.resolve(file.name()), file, out);
    }

    /** The manifest of the files {@code stored} for {@code sync}, created at {@code createdAt}. */
    public Packed seal(SyncRecord sync, List<FileResult> stored, Instant createdAt) throws IOException {
        Compression format = streamer.format();
        Manifest manifest = manifests.create(sync, stored, format, format.suffix(), createdAt);
        String manifestKey = layout.key(sync.systemId(), sync.uploadId(), Layout.MANIFEST);
        return new Packed(List.copyOf(stored), manifestKey, codec.write(manifest), format);
    }

    /** Files stored, and the manifest that commits them. */
    public record Packed(List<FileResult> files, String manifestKey, byte[] manifest, Compression format) {
    }
}
