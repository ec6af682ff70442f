package io.akosha.sync.upload;

import io.akosha.sync.compress.Compression;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Seam for dedup: an object already in the destination that holds exactly the bytes of a staged file. A
 * reused file is returned as stored in 0 parts, with the earlier object's key and stored size.
 */
@FunctionalInterface
public interface FileReuse {

    /** Uploads everything (the HTTP fallback: Akosha's endpoint has none of the bucket's objects). */
    FileReuse NONE = (sync, file, staged, format) -> Optional.empty();

    Optional<FileResult> find(SyncRecord sync, FileResult file, Path staged, Compression format) throws IOException;

}
