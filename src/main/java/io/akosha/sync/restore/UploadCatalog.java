package io.akosha.sync.restore;

import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.Layout;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The uploads found under the configured destination, newest first. */
@ApplicationScoped
public class UploadCatalog {

    private final Destination destination;
    private final Layout layout;

    public UploadCatalog(Destination destination, Layout layout) {
        this.destination = destination;
        this.layout = layout;
    }

    /** Where {@link #uploads} looks, for a person: the store's location and the layout's prefix. */
    public String where(String systemId) {
        String location = destination.location();
        return location + (location.endsWith("/") ? "" : "/") + layout.systemsPrefix(systemId);
    }

    /** Uploads of one system, or of all systems when {@code systemId} is null; newest first. */
    public List<Upload> uploads(String systemId) throws IOException {
        Map<String, List<String>> byUpload = new LinkedHashMap<>();
        for (String key : destination.list(layout.systemsPrefix(systemId))) {
            String[] parts = layout.parse(key);
            if (parts != null) {
                byUpload.computeIfAbsent(parts[0] + "/" + parts[1], k -> new ArrayList<>()).add(key);
            }
        }
        List<Upload> uploads = new ArrayList<>();
        byUpload.forEach((id, keys) -> {
            String[] parts = id.split("/");
            String manifest = layout.key(parts[0], parts[1], Layout.MANIFEST);
            uploads.add(new Upload(parts[0], parts[1], keys, keys.contains(manifest) ? manifest : null));
        });
        // upload ids start with their UTC time (yyyyMMdd'T'HHmmss'Z'), so their order is their age
        uploads.sort(Comparator.comparing(Upload::uploadId).reversed().thenComparing(Upload::systemId));
        return uploads;
    }

    /**
     * One upload as stored.
     *
     * @param manifestKey null when the upload has no manifest (incomplete: never committed)
     */
    public record Upload(String systemId, String uploadId, List<String> objectKeys, String manifestKey) {
    }
}
