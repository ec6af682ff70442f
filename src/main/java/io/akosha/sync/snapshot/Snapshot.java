package io.akosha.sync.snapshot;

import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SkippedFile;
import java.util.List;

/** What a snapshot staged (databases and WALs) and which of the asked-for databases it could not take. */
public record Snapshot(List<FileResult> files, List<SkippedFile> skipped) {

    public Snapshot {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }
}
