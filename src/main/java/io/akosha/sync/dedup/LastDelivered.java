package io.akosha.sync.dedup;

import io.akosha.sync.manifest.InvalidManifestException;
import io.akosha.sync.manifest.Manifest;
import io.akosha.sync.manifest.ManifestCodec;
import io.akosha.sync.restore.UploadCatalog;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import io.akosha.sync.upload.Destination;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What was delivered last to the destination for a system and file name. The journal is the source: the
 * newest delivered cloud sync of the system that holds the file. When the journal knows no cloud delivery
 * of the system (new spool directory, another machine), the newest manifest in the destination is read
 * once and stands in for it.
 */
@ApplicationScoped
public class LastDelivered {

    private static final Logger LOG = Logger.getLogger(LastDelivered.class);

    private final SyncRegistry registry;
    private final Destination destination;
    private final UploadCatalog catalog;
    private final ManifestCodec codec;
    private final Map<String, Map<String, FileResult>> fromManifests = new ConcurrentHashMap<>();

    public LastDelivered(SyncRegistry registry, Destination destination, UploadCatalog catalog, ManifestCodec codec) {
        this.registry = registry;
        this.destination = destination;
        this.catalog = catalog;
        this.codec = codec;
    }

    public Optional<FileResult> find(String systemId, String fileName) throws IOException {
        boolean journalKnowsSystem = false;
        for (SyncRecord sync : registry.list(SyncStatus.DELIVERED)) { // newest first
            if (!sync.systemId().equals(systemId) || !"cloud".equals(sync.method())
                    || !destination.name().equals(sync.deliveredVia())) {
                continue;
            }
            journalKnowsSystem = true;
            for (FileResult file : sync.files()) {
                if (file.name().equals(fileName) && file.sha256() != null && file.objectKey() != null) {
                    return Optional.of(file);
                }
            }
        }
        if (journalKnowsSystem) {
            return Optional.empty();
        }
        Map<String, FileResult> newest = fromManifests.get(systemId);
        if (newest == null) {
            newest = newestManifest(systemId);
            fromManifests.put(systemId, newest);
        }
        return Optional.ofNullable(newest.get(fileName));
    }

    /**
     * The files of the newest complete upload of a system, as its manifest describes them; none when that
     * manifest is not valid (logged: the files are sent again).
     */
    private Map<String, FileResult> newestManifest(String systemId) throws IOException {
        Map<String, FileResult> files = new HashMap<>();
        for (UploadCatalog.Upload upload : catalog.uploads(systemId)) {
            if (upload.manifestKey() == null) {
                continue;
            }
            Manifest manifest;
            try (InputStream in = destination.read(upload.manifestKey())) {
                manifest = codec.read(in);
            } catch (InvalidManifestException e) {
                LOG.warnf("Dedup state of system %s not rebuilt: %s is not a valid manifest (%s); nothing is "
                        + "reused from it", systemId, upload.manifestKey(), String.join("; ", e.problems()));
                break;
            }
            for (Manifest.FileEntry f : manifest.metadata().files()) {
                files.put(f.name(), new FileResult(f.name(), f.originalSize(), f.sha256(), f.storedSize(),
                        f.objectKey(), f.partCount(), f.reusedFrom()));
            }
            LOG.infof("Dedup state of system %s rebuilt from %s", systemId, upload.manifestKey());
            break;
        }
        return files;
    }
}
