package io.akosha.sync.dedup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private final ObjectMapper mapper;
    private final Map<String, Map<String, FileResult>> fromManifests = new ConcurrentHashMap<>();

    public LastDelivered(SyncRegistry registry, Destination destination, UploadCatalog catalog, ObjectMapper mapper) {
        this.registry = registry;
        this.destination = destination;
        this.catalog = catalog;
        this.mapper = mapper;
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

    /** The files of the newest complete upload of a system, as its manifest describes them. */
    private Map<String, FileResult> newestManifest(String systemId) throws IOException {
        Map<String, FileResult> files = new HashMap<>();
        for (UploadCatalog.Upload upload : catalog.uploads(systemId)) {
            if (upload.manifestKey() == null) {
                continue;
            }
            JsonNode manifest;
            try (InputStream in = destination.read(upload.manifestKey())) {
                manifest = mapper.readTree(in);
            }
            for (JsonNode f : manifest.path("metadata").path("files")) {
                files.put(f.path("name").asText(), new FileResult(f.path("name").asText(),
                        f.path("original_size").asLong(), f.path("sha256").asText(), f.path("stored_size").asLong(),
                        f.path("object_key").asText(), f.path("part_count").asInt()));
            }
            LOG.infof("Dedup state of system %s rebuilt from %s", systemId, upload.manifestKey());
            break;
        }
        return files;
    }
}
