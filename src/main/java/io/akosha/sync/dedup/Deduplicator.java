package io.akosha.sync.dedup;

import io.akosha.sync.digest.Digests;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.compress.Compression;
import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.FileReuse;
import io.akosha.sync.upload.Layout;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Dedup on the cloud path: a staged file with the same name, size and SHA-256 as the one delivered last time
 * for the same system, stored in the same format, and whose object is still there, is not sent again: the
 * upload pipeline copies the earlier object into the new upload inside the store. Only files of equal size are
 * hashed up front (one extra read).
 */
@ApplicationScoped
public class Deduplicator implements FileReuse {

    private static final Logger LOG = Logger.getLogger(Deduplicator.class);

    private final DedupConfig config;
    private final LastDelivered lastDelivered;
    private final Destination destination;

    public Deduplicator(DedupConfig config, LastDelivered lastDelivered, Destination destination) {
        this.config = config;
        this.lastDelivered = lastDelivered;
        this.destination = destination;
    }

    @Override
    public Optional<FileResult> find(SyncRecord sync, FileResult file, Path staged, Compression format)
            throws IOException {
        if (!config.enabled()) {
            return Optional.empty();
        }
        Optional<FileResult> earlier = lastDelivered.find(sync.systemId(), file.name());
        if (earlier.isEmpty() || earlier.get().size() != file.size()
                || !earlier.get().objectKey().endsWith("/" + file.name() + format.suffix())) {
            return Optional.empty();
        }
        FileResult last = earlier.get();
        if (!last.sha256().equals(sha256(staged)) || !destination.exists(last.objectKey())) {
            return Optional.empty();
        }
        LOG.debugf("%s unchanged since it was stored as %s: copied, not sent again", file.name(), last.objectKey());
        return Optional.of(new FileResult(file.name(), file.size(), last.sha256(), last.storedBytes(),
                last.objectKey(), 0, Layout.uploadIdOf(last.objectKey())));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = Digests.sha256();
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return Digests.hex(digest);
    }
}
