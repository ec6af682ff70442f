package io.akosha.sync.fallback;

import io.akosha.sync.lifecycle.ShuttingDownException;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.upload.Packer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code multipart/form-data} body of one sync for {@code /ingest/upload}, written while it is sent (chunked,
 * its length is not known up front): one part per staged file, compressed from the staged copy straight into the
 * request ({@link Packer#stream}), then the part {@code manifest}, last, since it holds every file's SHA-256 and
 * sizes, known only once the file has streamed. The staged copy does not change, so every attempt sends the same
 * files; nothing is written to disk and memory stays flat whatever the sync's size. One instance per attempt.
 */
final class UploadForm implements StreamedBody {

    private final Packer packer;
    private final SyncRecord sync;
    private final Path stagingDir;
    private final Instant createdAt;
    private final FormData form = new FormData();
    private Packer.Packed sent;

    /** {@code createdAt}: the manifest's creation time, the same for every attempt. */
    UploadForm(Packer packer, SyncRecord sync, Path stagingDir, Instant createdAt) {
        this.packer = packer;
        this.sync = sync;
        this.stagingDir = stagingDir;
        this.createdAt = createdAt;
    }

    @Override
    public String contentType() {
        return form.contentType();
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        String contentType = packer.format().contentType();
        List<FileResult> streamed = new ArrayList<>();
        for (FileResult file : sync.files()) {
            String stored = packer.storedName(file);
            form.startPart(out, stored, stored, contentType);
            streamed.add(stream(file, out));
            form.endPart(out);
        }
        Packer.Packed packed = packer.seal(sync, streamed, createdAt);
        form.startPart(out, "manifest", "manifest.json", "application/json");
        out.write(packed.manifest());
        form.endPart(out);
        form.finish(out);
        sent = packed;
    }

    /**
     * Streams one file; a failure of its own (not of the request, not the sidecar stopping) is a
     * {@link StagedReadException}.
     */
    private FileResult stream(FileResult file, OutputStream out) throws IOException {
        try {
            return packer.stream(sync, file, stagingDir, out);
        } catch (RequestStream.Stopped | InterruptedIOException | ShuttingDownException e) {
            throw e;
        } catch (IOException e) {
            throw new StagedReadException(file.name(), e);
        }
    }

    /** The files and the manifest sent, once {@link #writeTo} completed. */
    Packer.Packed sent() {
        if (sent == null) {
            throw new IllegalStateException("the body was not written");
        }
        return sent;
    }
}
