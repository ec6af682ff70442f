package io.akosha.sync.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.manifest.Manifest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The work of {@code list}, {@code restore} and {@code verify} ({@link ListCommand}, {@link RestoreCommand},
 * {@link VerifyCommand} parse their options): the same binary and configuration as the sidecar, against the bucket
 * or the local directory. Exit code 0 only when everything checked is intact; 1 when something is not or nothing
 * was found to restore.
 */
@ApplicationScoped
public class Commands {

    private final UploadCatalog catalog;
    private final UploadChecker checker;
    private final ObjectMapper mapper;
    private final PrintStream out;
    private final PrintStream err;

    @Inject
    public Commands(UploadCatalog catalog, UploadChecker checker, ObjectMapper mapper) {
        this(catalog, checker, mapper, System.out, System.err);
    }

    Commands(UploadCatalog catalog, UploadChecker checker, ObjectMapper mapper, PrintStream out, PrintStream err) {
        this.catalog = catalog;
        this.checker = checker;
        this.mapper = mapper;
        this.out = out;
        this.err = err;
    }

    /** Which uploads a command takes: one by id, the newest {@code latest}, or all (both null). */
    public record Selection(String system, String uploadId, Integer latest) {
    }

    public int list(String system, boolean json) throws IOException {
        List<Listed> listed = new ArrayList<>();
        for (UploadCatalog.Upload u : catalog.uploads(system)) {
            listed.add(new Listed(u, checker.manifest(u).orElse(null)));
        }
        if (json) {
            ArrayNode array = mapper.createArrayNode();
            listed.forEach(l -> UploadJson.listed(array.addObject(), l.upload(), l.manifest()));
            out.println(array);
            return 0;
        }
        out.println(listed.size() + " uploads in " + catalog.where(system) + (listed.isEmpty() ? "" : ", newest first"));
        for (Listed l : listed) {
            StringBuilder files = new StringBuilder();
            if (l.manifest() != null) {
                l.manifest().metadata().files().forEach(f -> files.append(' ').append(f.name())
                        .append(String.format(" (%,d bytes)", f.originalSize())));
            }
            out.printf("%-20s %-24s %-44s %s%n", l.manifest() == null ? "-" : l.manifest().uploadedAt(),
                    l.upload().systemId(), l.upload().uploadId(), l.manifest() != null ? files.toString().strip()
                            : "INCOMPLETE: no manifest, " + l.upload().objectKeys().size() + " objects");
        }
        return 0;
    }

    /** One upload of a listing, and its manifest (null when it has no valid one). */
    private record Listed(UploadCatalog.Upload upload, Manifest manifest) {
    }

    /** Restores one upload ({@code uploadId}, or the newest complete one when null) into {@code target}. */
    public int restore(String system, String uploadId, Path target, boolean force, boolean json) throws IOException {
        List<UploadCatalog.Upload> all = catalog.uploads(system);
        List<UploadCatalog.Upload> uploads = uploadId != null ? byId(all, uploadId)
                : all.stream().filter(u -> u.manifestKey() != null).limit(1).toList();
        if (uploads.isEmpty()) {
            err.println("akosha-sync restore: " + (uploadId != null ? "no upload " + uploadId
                    : all.isEmpty() ? "no upload" : "no complete upload") + " found in " + catalog.where(system));
            return 1;
        }
        Files.createDirectories(target);
        UploadChecker.Report report = checker.check(uploads.get(0), target, force, progress(json));
        return report(List.of(report), "restored", json);
    }

    /** Verifies the selected uploads; none stored is not a failure, an upload asked for by id and missing is. */
    public int verify(Selection selection, boolean json) throws IOException {
        List<UploadCatalog.Upload> all = catalog.uploads(selection.system());
        List<UploadCatalog.Upload> uploads = selection.uploadId() != null ? byId(all, selection.uploadId())
                : selection.latest() != null ? all.stream().limit(selection.latest()).toList() : all;
        if (uploads.isEmpty() && selection.uploadId() != null) {
            err.println("akosha-sync verify: no upload " + selection.uploadId() + " found in "
                    + catalog.where(selection.system()));
            return 1;
        }
        List<UploadChecker.Report> reports = new ArrayList<>();
        for (UploadCatalog.Upload u : uploads) {
            reports.add(checker.check(u, null, false, progress(json)));
        }
        if (reports.isEmpty() && !json) {
            out.println("0 uploads in " + catalog.where(selection.system()) + ", nothing to verify");
            return 0;
        }
        return report(reports, "verified", json);
    }

    private static List<UploadCatalog.Upload> byId(List<UploadCatalog.Upload> all, String uploadId) {
        return all.stream().filter(u -> u.uploadId().equals(uploadId)).limit(1).toList();
    }

    private int report(List<UploadChecker.Report> reports, String verb, boolean json) {
        long bad = reports.stream().filter(r -> !r.intact()).count();
        if (json) {
            ObjectNode root = mapper.createObjectNode().put("intact", bad == 0);
            ArrayNode array = root.putArray("uploads");
            reports.forEach(r -> UploadJson.report(array.addObject(), r));
            out.println(root);
        } else {
            for (UploadChecker.Report r : reports) {
                out.println((r.intact() ? "OK      " : verb.equals("verified") ? "DAMAGED " : "FAILED  ")
                        + r.upload().systemId() + "/" + r.upload().uploadId()
                        + (r.restored().isEmpty() ? "" : "  restored " + r.restored()));
                r.problems().forEach(p -> out.println("        " + p));
                r.notes().forEach(n -> out.println("        note: " + n));
            }
            out.println(bad == 0 ? reports.size() + " uploads " + verb + ", all intact"
                    : bad + " of " + reports.size() + " uploads " + (verb.equals("verified") ? "damaged" : "not restored"));
        }
        return bad == 0 ? 0 : 1;
    }

    private Progress progress(boolean json) {
        return new Progress(err, System.console() != null, json);
    }
}
