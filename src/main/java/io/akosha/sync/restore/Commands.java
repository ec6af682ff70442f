package io.akosha.sync.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.hook.HookCommand;
import io.akosha.sync.hook.InstallHook;
import io.akosha.sync.manifest.Manifest;
import io.akosha.sync.sync.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code list}, {@code restore} and {@code verify}: the same binary and configuration as the sidecar, against
 * the bucket or the local directory. Exit code 0 only when everything checked is intact; 1 when something is
 * not; 2 for a usage error.
 */
@ApplicationScoped
public class Commands {

    static final Set<String> NAMES = Set.of("list", "restore", "verify", "help");
    static final String USAGE = String.join("\n",
            "usage: akosha-sync [serve]",
            "       akosha-sync list    [--system ID] [--json]",
            "       akosha-sync restore (--upload ID | --latest) [--system ID] --target DIR [--force] [--json]",
            "       akosha-sync verify  [--upload ID | --latest N | --all] [--system ID] [--json]",
            HookCommand.USAGE,
            InstallHook.USAGE);

    private final UploadCatalog catalog;
    private final UploadChecker checker;
    private final ObjectMapper mapper;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    public Commands(UploadCatalog catalog, UploadChecker checker, ObjectMapper mapper) {
        this.catalog = catalog;
        this.checker = checker;
        this.mapper = mapper;
    }

    /** Whether the arguments name a command (anything but the sidecar). */
    public static boolean isCommand(String... args) {
        return args.length > 0 && NAMES.contains(args[0]);
    }

    public int run(String... args) {
        Map<String, String> options = new HashMap<>();
        Set<String> flags = Set.of("--json", "--force", "--all", "--latest");
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            boolean valued = Set.of("--system", "--upload", "--target").contains(a)
                    || (a.equals("--latest") && args[0].equals("verify"));
            if (valued && i + 1 < args.length) {
                options.put(a, args[++i]);
            } else if (flags.contains(a)) {
                options.put(a, "true");
            } else {
                err.println("unknown argument: " + a + "\n" + USAGE);
                return 2;
            }
        }
        try {
            return switch (args[0]) {
                case "list" -> list(options);
                case "restore" -> restore(options);
                case "verify" -> verify(options);
                default -> {
                    out.println(USAGE);
                    yield 0;
                }
            };
        } catch (IOException | RuntimeException e) {
            err.println("akosha-sync " + args[0] + ": " + Failures.describe(e));
            return 1;
        }
    }

    private int list(Map<String, String> o) throws IOException {
        List<Listed> listed = new ArrayList<>();
        for (UploadCatalog.Upload u : catalog.uploads(o.get("--system"))) {
            listed.add(new Listed(u, checker.manifest(u).orElse(null)));
        }
        if (o.containsKey("--json")) {
            ArrayNode array = mapper.createArrayNode();
            listed.forEach(l -> addJson(array, l));
            out.println(array);
            return 0;
        }
        out.println(listed.size() + " uploads, newest first");
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

    private static void addJson(ArrayNode array, Listed l) {
        ObjectNode node = array.addObject().put("system_id", l.upload().systemId())
                .put("upload_id", l.upload().uploadId()).put("complete", l.manifest() != null)
                .put("objects", l.upload().objectKeys().size());
        if (l.manifest() != null) {
            node.put("uploaded_at", l.manifest().uploadedAt()).put("total_size_bytes", l.manifest().totalSizeBytes());
            ArrayNode files = node.putArray("files");
            l.manifest().metadata().files().forEach(f -> files.addObject().put("name", f.name())
                    .put("size", f.originalSize()).put("stored_size", f.storedSize()));
        }
    }

    /** One upload of a listing, and its manifest (null when it has no valid one). */
    private record Listed(UploadCatalog.Upload upload, Manifest manifest) {
    }

    private int restore(Map<String, String> o) throws IOException {
        if (!o.containsKey("--target") || (o.containsKey("--upload") == o.containsKey("--latest"))) {
            err.println("restore needs --target and one of --upload ID or --latest\n" + USAGE);
            return 2;
        }
        List<UploadCatalog.Upload> uploads = select(o, true);
        if (uploads.isEmpty()) {
            err.println("no upload found");
            return 1;
        }
        Path target = Path.of(o.get("--target"));
        Files.createDirectories(target);
        UploadChecker.Report report = checker.check(uploads.get(0), target, o.containsKey("--force"), progress(o));
        return report(List.of(report), "restored", o);
    }

    private int verify(Map<String, String> o) throws IOException {
        List<UploadCatalog.Upload> uploads = select(o, false);
        if (uploads.isEmpty()) {
            err.println("no upload found");
            return 1;
        }
        List<UploadChecker.Report> reports = new ArrayList<>();
        for (UploadCatalog.Upload u : uploads) {
            reports.add(checker.check(u, null, false, progress(o)));
        }
        return report(reports, "verified", o);
    }

    /** {@code --upload ID}, the latest one (restore) or N (verify), or all. */
    private List<UploadCatalog.Upload> select(Map<String, String> o, boolean restore) throws IOException {
        List<UploadCatalog.Upload> all = catalog.uploads(o.get("--system"));
        if (o.containsKey("--upload")) {
            return all.stream().filter(u -> u.uploadId().equals(o.get("--upload"))).limit(1).toList();
        }
        if (restore) {
            return all.stream().filter(u -> u.manifestKey() != null).limit(1).toList();
        }
        if (o.containsKey("--latest")) {
            return all.stream().limit(Long.parseLong(o.get("--latest"))).toList();
        }
        return all;
    }

    private int report(List<UploadChecker.Report> reports, String verb, Map<String, String> o) {
        long bad = reports.stream().filter(r -> !r.intact()).count();
        if (o.containsKey("--json")) {
            ObjectNode root = mapper.createObjectNode().put("intact", bad == 0);
            ArrayNode array = root.putArray("uploads");
            for (UploadChecker.Report r : reports) {
                ObjectNode node = array.addObject().put("system_id", r.upload().systemId())
                        .put("upload_id", r.upload().uploadId()).put("intact", r.intact());
                r.restored().forEach(node.putArray("restored")::add);
                r.problems().forEach(node.putArray("problems")::add);
                r.notes().forEach(node.putArray("notes")::add);
            }
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

    private Progress progress(Map<String, String> o) {
        return new Progress(err, System.console() != null, o.containsKey("--json"));
    }
}
