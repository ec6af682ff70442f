package io.akosha.sync.assistant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.ingest.Ids;
import io.akosha.sync.manifest.Manifest;
import io.akosha.sync.redact.Redactor;
import io.akosha.sync.restore.Progress;
import io.akosha.sync.restore.UploadCatalog;
import io.akosha.sync.restore.UploadChecker;
import io.akosha.sync.restore.UploadJson;
import io.akosha.sync.sync.Failures;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * MCP tools on the uploads at the destination (bucket or local directory), with the semantics of the commands:
 * {@code list_uploads} is {@code akosha-sync list --json}, {@code verify_upload} is {@code akosha-sync verify},
 * {@code restore_upload} is {@code akosha-sync restore} ({@link UploadCatalog}, {@link UploadChecker}). They run on
 * a worker thread (the extension's default for a method that does not answer a {@code Uni}).
 */
@Singleton
public class UploadTools {

    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()), false, true);

    private final UploadCatalog catalog;
    private final UploadChecker checker;
    private final ObjectMapper mapper;

    public UploadTools(UploadCatalog catalog, UploadChecker checker, ObjectMapper mapper) {
        this.catalog = catalog;
        this.checker = checker;
        this.mapper = mapper;
    }

    @Tool(name = "list_uploads", description = "The uploads at the destination (S3 bucket or local directory), "
            + "newest first: system, upload id, whether it is complete (has its manifest), upload time, files and "
            + "sizes.")
    public ToolResponse listUploads(
            @ToolArg(name = "system_id", required = false, description = "Only this system's uploads") String systemId) {
        String bad = systemIdProblem(systemId);
        if (bad != null) {
            return Replies.error(bad);
        }
        try {
            List<UploadCatalog.Upload> uploads = catalog.uploads(blankToNull(systemId));
            ArrayNode array = mapper.createArrayNode();
            long complete = 0;
            for (UploadCatalog.Upload u : uploads) {
                Manifest manifest = checker.manifest(u).orElse(null);
                complete += manifest == null ? 0 : 1;
                UploadJson.listed(array.addObject(), u, manifest);
            }
            ObjectNode result = mapper.createObjectNode();
            result.set("uploads", array);
            String summary = uploads.size() + " uploads, newest first" + (uploads.isEmpty() ? ""
                    : " (" + (uploads.size() - complete) + " incomplete); newest: " + uploads.get(0).systemId() + "/"
                            + uploads.get(0).uploadId());
            return Replies.success(summary, result);
        } catch (IOException | RuntimeException e) {
            return Replies.error("cannot list the uploads: " + Failures.describe(e));
        }
    }

    @Tool(name = "verify_upload", description = "Read one upload back as Akosha would: manifest, then every object "
            + "decompressed and its SHA-256 compared with the manifest. Nothing is written. Give upload_id, or "
            + "latest: true for the newest upload.")
    public ToolResponse verifyUpload(
            @ToolArg(name = "upload_id", required = false, description = "The upload (list_uploads shows them)")
            String uploadId,
            @ToolArg(name = "latest", required = false, description = "true: the newest upload") Boolean latest,
            @ToolArg(name = "system_id", required = false, description = "Only this system's uploads") String systemId) {
        try {
            Selection chosen = select(uploadId, latest, systemId, false);
            if (chosen.problem() != null) {
                return Replies.error(chosen.problem());
            }
            UploadChecker.Report report = checker.check(chosen.upload(), null, false, QUIET);
            String name = name(report.upload());
            return Replies.success(report.intact() ? name + " is intact" : name + " is DAMAGED: "
                    + String.join("; ", report.problems()), report(report));
        } catch (IOException | RuntimeException e) {
            return Replies.error("cannot verify: " + Failures.describe(e));
        }
    }

    @Tool(name = "restore_upload", description = "Restore one upload's files, byte-exact and SHA-256 checked, into "
            + "target_dir (an absolute path; created when missing). Without force, nothing is written when any of "
            + "the upload's files exists there already. Give upload_id, or latest: true for the newest complete "
            + "upload.")
    public ToolResponse restoreUpload(
            @ToolArg(name = "upload_id", required = false, description = "The upload (list_uploads shows them)")
            String uploadId,
            @ToolArg(name = "latest", required = false, description = "true: the newest complete upload")
            Boolean latest,
            @ToolArg(name = "target_dir", description = "Absolute path of the directory to restore into")
            String targetDir,
            @ToolArg(name = "force", required = false, defaultValue = "false",
                    description = "Overwrite files that exist in target_dir") boolean force,
            @ToolArg(name = "system_id", required = false, description = "Only this system's uploads") String systemId) {
        Path target;
        try {
            target = targetDir == null || targetDir.isBlank() ? null : Path.of(targetDir);
        } catch (InvalidPathException e) {
            target = null;
        }
        if (target == null || !target.isAbsolute()) {
            return Replies.error("target_dir must be an absolute path");
        }
        target = target.normalize();
        try {
            Selection chosen = select(uploadId, latest, systemId, true);
            if (chosen.problem() != null) {
                return Replies.error(chosen.problem());
            }
            UploadCatalog.Upload upload = chosen.upload();
            if (!force) {
                List<String> present = existing(upload, target);
                if (!present.isEmpty()) {
                    return Replies.error("not restored: " + target + " already holds " + String.join(", ", present)
                            + "; nothing was written (force: true overwrites)");
                }
            }
            Files.createDirectories(target);
            UploadChecker.Report report = checker.check(upload, target, force, QUIET);
            String name = name(upload);
            ObjectNode result = report(report).put("target_dir", target.toString());
            return report.intact()
                    ? Replies.success("restored " + name + " into " + target + ": " + report.restored(), result)
                    : Replies.failure(name + " not fully restored: " + String.join("; ", report.problems()), result);
        } catch (IOException | RuntimeException e) {
            return Replies.error("cannot restore: " + Failures.describe(e));
        }
    }

    /** Files of the upload that exist in the target already (checked again by the checker before it writes). */
    private List<String> existing(UploadCatalog.Upload upload, Path target) {
        Optional<Manifest> manifest = checker.manifest(upload);
        if (manifest.isEmpty()) {
            return List.of(); // the checker reports the missing or invalid manifest
        }
        return manifest.get().metadata().files().stream().map(Manifest.FileEntry::name)
                .filter(n -> Files.exists(target.resolve(n), LinkOption.NOFOLLOW_LINKS)).toList(); // a link counts
    }

    /** As the commands choose: {@code --upload ID}, else the newest (restore: the newest complete) upload. */
    private Selection select(String uploadId, Boolean latest, String systemId, boolean restore) throws IOException {
        boolean byId = uploadId != null && !uploadId.isEmpty();
        if (byId == Boolean.TRUE.equals(latest)) {
            return new Selection(null, "give either upload_id or latest: true");
        }
        String bad = systemIdProblem(systemId);
        if (bad != null) {
            return new Selection(null, bad);
        }
        List<UploadCatalog.Upload> all = catalog.uploads(blankToNull(systemId));
        Optional<UploadCatalog.Upload> found = byId
                ? all.stream().filter(u -> u.uploadId().equals(uploadId)).findFirst()
                : all.stream().filter(u -> !restore || u.manifestKey() != null).findFirst();
        return found.map(u -> new Selection(u, null)).orElseGet(() -> new Selection(null, byId
                ? "no upload with id '" + Redactor.printable(uploadId) + "'"
                        + (blankToNull(systemId) == null ? "" : " for system " + systemId)
                : "no upload found"));
    }

    private ObjectNode report(UploadChecker.Report r) {
        return UploadJson.report(mapper.createObjectNode(), r);
    }

    private static String name(UploadCatalog.Upload upload) {
        return upload.systemId() + "/" + upload.uploadId();
    }

    /** The system id names a key prefix (a directory of the local destination): Akosha's id rule, as the API. */
    private static String systemIdProblem(String systemId) {
        return blankToNull(systemId) == null || Ids.validId(systemId) ? null
                : "system_id must match " + Ids.ID.pattern();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** The upload chosen, or why none is. */
    private record Selection(UploadCatalog.Upload upload, String problem) {
    }
}
