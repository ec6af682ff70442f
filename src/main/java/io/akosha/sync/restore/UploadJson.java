package io.akosha.sync.restore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.manifest.Manifest;

/**
 * The JSON shapes of an upload as listed and of a check's report: one for {@code list --json} / {@code verify --json}
 * and the MCP tools ({@code list_uploads}, {@code verify_upload}, {@code restore_upload}) alike.
 */
public final class UploadJson {

    private UploadJson() {
    }

    /** {@code upload} as listed into {@code node}; {@code manifest} null when it has no valid one. */
    public static ObjectNode listed(ObjectNode node, UploadCatalog.Upload upload, Manifest manifest) {
        node.put("system_id", upload.systemId()).put("upload_id", upload.uploadId()).put("complete", manifest != null)
                .put("objects", upload.objectKeys().size());
        if (manifest != null) {
            node.put("uploaded_at", manifest.uploadedAt()).put("total_size_bytes", manifest.totalSizeBytes());
            ArrayNode files = node.putArray("files");
            manifest.metadata().files().forEach(f -> files.addObject().put("name", f.name())
                    .put("size", f.originalSize()).put("stored_size", f.storedSize()));
        }
        return node;
    }

    /** One check's report into {@code node}: the upload, intact or not, what was restored, problems, notes. */
    public static ObjectNode report(ObjectNode node, UploadChecker.Report report) {
        node.put("system_id", report.upload().systemId()).put("upload_id", report.upload().uploadId())
                .put("intact", report.intact());
        report.restored().forEach(node.putArray("restored")::add);
        report.problems().forEach(node.putArray("problems")::add);
        report.notes().forEach(node.putArray("notes")::add);
        return node;
    }
}
