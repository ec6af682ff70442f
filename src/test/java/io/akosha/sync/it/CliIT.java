package io.akosha.sync.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable as a person types it: help on every command, the version, usage errors, completion, and the
 * commands beside a running sidecar (their JSON, their silence, the sidecar's audit file left alone).
 */
class CliIT {

    private static final List<String> COMMANDS = List.of("serve", "status", "list", "restore", "verify", "hook",
            "install-hook", "version", "completion");
    private static final String TOKEN = "cli-it-token-0123456789";

    @TempDir
    Path work;

    @Test
    void everyCommandHasHelpAndNoneStartsTheSidecarForIt() throws Exception {
        // no configuration at all: a command that started the application would fail on the missing data directory
        for (String help : List.of("--help", "-h")) {
            CommandRun top = CommandRun.of(work, Map.of(), help);
            assertEquals(0, top.exit(), top.stderr());
            assertTrue(top.stdout().startsWith("Usage: akosha-sync "), top.stdout());
            COMMANDS.forEach(c -> assertTrue(top.stdout().contains("\n  " + c + " "), c + " listed: " + top.stdout()));
        }
        for (String command : COMMANDS) {
            CommandRun help = CommandRun.of(work, Map.of(), command, "--help");
            assertEquals(0, help.exit(), command + ": " + help.stderr());
            assertEquals("", help.stderr(), command);
            assertTrue(help.stdout().startsWith("Usage: akosha-sync " + command), help.stdout());
        }
    }

    @Test
    void versionNamesTheBuild() throws Exception {
        for (String args : List.of("version", "--version", "list --version")) {
            CommandRun run = CommandRun.of(work, Map.of(), args.split(" "));
            assertEquals(0, run.exit(), run.stderr());
            List<String> lines = run.stdout().lines().toList();
            assertEquals(2, lines.size(), run.stdout());
            assertTrue(lines.get(0).matches("akosha-sync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), lines.get(0));
            assertTrue(lines.get(1).startsWith(Artifact.BUILT.label().equals("native") ? "native executable, linux"
                    : "JVM "), lines.get(1));
        }
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("verify --latest", "akosha-sync verify: Missing required parameter for option '--latest' (N)"),
                Map.entry("verify --latest x", "akosha-sync verify: Invalid value for option '--latest': 'x' is not a"
                        + " whole number of at least 1"),
                Map.entry("restore --upload", "akosha-sync restore: Missing required parameter for option '--upload'"
                        + " (ID)"),
                Map.entry("restore --latest", "akosha-sync restore: Missing required option: '--target=DIR'"),
                Map.entry("status --limit 0", "akosha-sync status: Invalid value for option '--limit': '0' is not a"
                        + " whole number of at least 1"),
                Map.entry("list --bogus", "akosha-sync list: Unknown option: '--bogus'"),
                Map.entry("frobnicate", "akosha-sync: 'frobnicate' is not a command; the commands are "
                        + String.join(", ", COMMANDS)),
                Map.entry("-Dquarkus.http.port", "akosha-sync: Value for option option '-D' (KEY=VALUE) should be in"
                        + " KEY=VALUE format but was quarkus.http.port"));
        CommandRun both = CommandRun.of(work, Map.of(), "verify", "--all", "--upload", "u1");
        assertEquals(2, both.exit());
        assertTrue(both.oneLine().contains(" are mutually exclusive (specify only one)"), both.stderr());
        for (Map.Entry<String, String> c : cases.entrySet()) {
            CommandRun run = CommandRun.of(work, Map.of(), c.getKey().split(" "));
            assertEquals(2, run.exit(), c.getKey() + ": " + run.stderr());
            String command = c.getValue().substring(0, c.getValue().indexOf(':'));
            assertEquals(c.getValue() + " (" + command + " --help shows the usage)", run.oneLine(), c.getKey());
        }
    }

    @Test
    void completionScriptNamesTheCommands() throws Exception {
        CommandRun run = CommandRun.of(work, Map.of(), "completion");
        assertEquals(0, run.exit(), run.stderr());
        assertTrue(run.stdout().contains("complete -F _complete_akosha-sync"), run.stdout());
        COMMANDS.forEach(c -> assertTrue(run.stdout().contains(c), c));
    }

    @Test
    void commandsBesideARunningSidecar() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        TestFiles.writePseudoRandom(data.resolve("reflection.duckdb"), 300_000);
        Path spool = work.resolve("spool");
        Path store = work.resolve("store");
        Map<String, String> env = Map.of("AKOSHA_DATA_DIR", data.toString(), "AKOSHA_SPOOL_DIR", spool.toString(),
                "AKOSHA_LOCAL_DIR", store.toString(), "AKOSHA_SYSTEM_ID", "cli-it");
        int port = ConfigErrorIT.freePort();
        String url = "http://127.0.0.1:" + port;
        Map<String, String> withToken = Map.of("AKOSHA_API_TOKEN", TOKEN, "AKOSHA_SYNC_URL", url);
        try (SidecarProcess sidecar = SidecarProcess.start(work.resolve("sidecar.log"), port,
                Map.of("akosha.data-dir", data.toString(), "akosha.spool-dir", spool.toString(), "akosha.local.dir",
                        store.toString(), "akosha.system-id", "cli-it", "akosha.api.token", TOKEN))) {
            sidecar.awaitReady(Duration.ofSeconds(60));

            // nothing stored yet: empty results, not errors
            CommandRun emptyList = CommandRun.of(work, env, "list", "--json");
            assertEquals(0, emptyList.exit(), emptyList.stderr());
            assertEquals("[]", emptyList.stdout().strip());
            CommandRun emptyVerify = CommandRun.of(work, env, "verify", "--all", "--json");
            assertEquals(0, emptyVerify.exit(), emptyVerify.stderr());
            assertEquals("{\"intact\":true,\"uploads\":[]}", emptyVerify.stdout().strip());
            CommandRun nothingToRestore = CommandRun.of(work, env, "restore", "--latest", "--target",
                    work.resolve("none").toString());
            assertEquals(1, nothingToRestore.exit());
            assertEquals("akosha-sync restore: no upload found in " + store.toAbsolutePath() + "/systems/",
                    nothingToRestore.oneLine(), "says where it looked");

            CommandRun hook = CommandRun.run(work, Artifact.BUILT.command(List.of(), List.of("hook")), withToken,
                    "{\"session_id\":\"cli-it-1\",\"cwd\":\"/home/u/p\",\"reason\":\"exit\"}");
            assertEquals("", hook.stderr());
            JsonNode status = await("delivered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> UploadVerifier.json(CommandRun.of(work, withToken, "status", "--json").stdout()),
                            s -> s.path("pending").asInt(-1) == 0 && s.path("last_delivered").isObject());
            assertEquals(url, status.get("url").asText());
            assertEquals("cli-it-1", status.at("/last_delivered/session_id").asText());
            assertEquals("delivered", status.at("/syncs/0/status").asText());
            CommandRun text = CommandRun.of(work, withToken, "status");
            assertEquals(0, text.exit(), text.stderr());
            List<String> lines = text.stdout().lines().toList();
            assertTrue(lines.get(0).startsWith("akosha-sync at " + url + ": 0 pending, 0 parked, last delivered ")
                    && lines.get(0).endsWith(" (session cli-it-1)"), lines.get(0));
            assertTrue(lines.get(1).contains(" delivered ") && lines.get(1).endsWith(" cli-it-1"), lines.get(1));
            CommandRun noToken = CommandRun.of(work, Map.of("AKOSHA_SYNC_URL", url), "status");
            assertEquals(1, noToken.exit());
            assertEquals("akosha-sync status: the sidecar at " + url + " refused: 401 Authentication required (no"
                    + " token sent: set AKOSHA_API_TOKEN or AKOSHA_API_TOKEN_FILE)", noToken.oneLine());

            // the commands read the destination and print only their result; the sidecar's audit file stays its own
            Path audit = spool.resolve("audit.log");
            byte[] before = Files.readAllBytes(audit);
            assertTrue(new String(before).lines().allMatch(l -> l.startsWith("{\"ts\":\"")), "plain JSON lines");
            CommandRun list = CommandRun.of(work, env, "list");
            assertEquals(0, list.exit(), list.stderr());
            assertEquals("", list.stderr(), "no log lines");
            assertTrue(list.stdout().startsWith("1 uploads in " + store.toAbsolutePath() + "/systems/, newest first")
                    && list.stdout().contains("reflection.duckdb (300,000 bytes)"), list.stdout());
            CommandRun verify = CommandRun.of(work, env, "verify", "--latest", "1", "--json");
            assertEquals(0, verify.exit(), verify.stderr());
            assertEquals("", verify.stderr());
            assertTrue(UploadVerifier.json(verify.stdout()).get("intact").asBoolean(), verify.stdout());
            Path target = work.resolve("restored");
            CommandRun restore = CommandRun.of(work, env, "restore", "--latest", "--target", target.toString());
            assertEquals(0, restore.exit(), restore.stderr());
            assertEquals(UploadVerifier.sha256(data.resolve("reflection.duckdb")),
                    UploadVerifier.sha256(target.resolve("reflection.duckdb")));
            CommandRun verbose = CommandRun.of(work, env, "list", "--verbose");
            assertTrue(verbose.stderr().contains("INFO"), "--verbose shows the log on stderr: " + verbose.stderr());
            assertArrayEquals(before, Files.readAllBytes(audit), "the commands left the sidecar's audit file alone");
            try (var files = Files.list(spool)) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("audit.log.")), "not rotated");
            }

            // -D after the command, as before -jar: here another (empty) store
            Path other = Files.createDirectories(work.resolve("other"));
            CommandRun overridden = CommandRun.of(work, env, "list", "-Dakosha.local.dir=" + other);
            assertEquals("0 uploads in " + other + "/systems/", overridden.stdout().strip(), overridden.stderr());
        }
    }
}
