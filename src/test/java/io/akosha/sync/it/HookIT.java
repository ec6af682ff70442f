package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code akosha-sync hook} as Claude Code runs it: the packaged artifact, its own process, the SessionEnd JSON on
 * stdin. Whatever the sidecar does, the hook exits 0 within its 2 s budget (plus the process's own start) and says
 * in one stderr line why a session end was not accepted. {@code install-hook} writes the command that does this.
 */
class HookIT {

    private static final long BUDGET_MILLIS = 2000;
    /** A busy machine's variation between two starts of the same process. */
    private static final long SLACK_MILLIS = 1000;
    private static final int RUNS = 5;
    private static final Map<String, Long> MEDIAN_WALL_MILLIS = new ConcurrentHashMap<>();

    @TempDir
    Path work;

    @Test
    void sidecarUpAcceptsTheSessionEndAndDeliversIt() throws Exception {
        Map<String, String> config = localSidecar();
        int port = ConfigErrorIT.freePort();
        try (SidecarProcess sidecar = SidecarProcess.start(work.resolve("sidecar.log"), port, config)) {
            sidecar.awaitReady(Duration.ofSeconds(60));
            warmUp(sidecar);

            // exactly as Claude Code runs it: the command install-hook wrote, through a shell
            Path settings = work.resolve("claude/settings.json");
            CommandRun install = CommandRun.of(work, Map.of(), "install-hook", "--settings", settings.toString());
            assertEquals(0, install.exit(), install.stderr());
            String command = UploadVerifier.json(Files.readString(settings))
                    .at("/hooks/SessionEnd/0/hooks/0/command").asText();
            String sessionId = UUID.randomUUID().toString();
            CommandRun viaShell = CommandRun.run(work, List.of("/bin/sh", "-c", command),
                    Map.of("AKOSHA_SYNC_URL", url(port)), sessionEnd(sessionId));
            assertEquals(0, viaShell.exit(), viaShell.stderr());
            assertEquals("", viaShell.stderr());
            assertEquals("", viaShell.stdout(), "silent on success");
            sidecar.awaitStatus(syncOf(sidecar, sessionId), "delivered");

            List<Long> walls = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                String id = UUID.randomUUID().toString();
                CommandRun run = hook(List.of("--url", url(port), "--verbose"), Map.of(), sessionEnd(id));
                assertEquals(0, run.exit(), run.stderr());
                assertEquals("", run.stderr());
                String syncId = run.stdout().strip().replaceAll(".* accepted as sync ", "");
                assertEquals(syncOf(sidecar, id), syncId, run.stdout());
                JsonNode sync = sidecar.awaitStatus(syncId, "delivered");
                assertEquals(id, sync.get("session_id").asText());
                walls.add(run.wallMillis());
            }
            record("up", walls);

            // the same session ending again with its files unchanged (claude --resume, then exit): the same sync
            CommandRun again = hook(List.of("--url", url(port), "--verbose"), Map.of(), sessionEnd(sessionId));
            assertTrue(again.stdout().contains("accepted as sync " + syncOf(sidecar, sessionId) + " (a repeat"),
                    again.stdout());
        }
    }

    @Test
    void sidecarDownIsOneLineAndExitZero() throws Exception {
        int port = ConfigErrorIT.freePort(); // nobody listens there
        List<Long> walls = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            String id = UUID.randomUUID().toString();
            CommandRun run = hook(List.of(), Map.of("AKOSHA_SYNC_URL", url(port)), sessionEnd(id));
            assertEquals(0, run.exit());
            assertEquals("akosha-sync hook: session " + id + " not synced: the sidecar at " + url(port)
                    + " is not running (connection refused)", run.oneLine());
            assertTrue(run.wallMillis() < 2500, "within 2.5 s: " + run.wallMillis() + " ms");
            walls.add(run.wallMillis());
        }
        record("down", walls);
    }

    @Test
    void refusalsAreOneLineWithTheSidecarsReason() throws Exception {
        Map<String, String> config = new TreeMap<>(localSidecar());
        config.put("akosha.api.token", "hook-it-secret-token-1");
        int port = ConfigErrorIT.freePort();
        try (SidecarProcess sidecar = SidecarProcess.start(work.resolve("sidecar.log"), port, config)) {
            sidecar.awaitReady(Duration.ofSeconds(60));
            warmUp(sidecar);
            String id = UUID.randomUUID().toString();
            List<Long> walls = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                CommandRun noToken = hook(List.of("--url", url(port)), Map.of(), sessionEnd(id));
                assertEquals(0, noToken.exit());
                assertEquals("akosha-sync hook: session " + id + " not synced: the sidecar at " + url(port)
                        + " refused the session end: 401 Authentication required (no token sent: set AKOSHA_API_TOKEN"
                        + " or AKOSHA_API_TOKEN_FILE)", noToken.oneLine());
                walls.add(noToken.wallMillis());
            }
            record("refused", walls);

            CommandRun wrong = hook(List.of("--url", url(port)), Map.of("AKOSHA_API_TOKEN", "not-the-token-42"),
                    sessionEnd(id));
            assertEquals(0, wrong.exit());
            assertTrue(wrong.oneLine().endsWith("refused the session end: 401 Authentication required (the token from"
                    + " AKOSHA_API_TOKEN was not accepted)"), wrong.stderr());
            assertFalse(wrong.stderr().contains("not-the-token-42"), "never prints the token");

            Path tokenFile = Files.writeString(work.resolve("token"), "hook-it-secret-token-1\n");
            CommandRun badId = hook(List.of("--url", url(port)), Map.of("AKOSHA_API_TOKEN_FILE", tokenFile.toString()),
                    sessionEnd("not a session id!"));
            assertEquals(0, badId.exit());
            assertEquals("akosha-sync hook: session not a session id! not synced: the sidecar at " + url(port)
                    + " refused the session end: 400 sessionId must be 1 to 128 letters, digits, '.', '_' or '-'"
                    + " (^[A-Za-z0-9_.-]{1,128}$)", badId.oneLine());

            CommandRun withToken = hook(List.of("--url", url(port)),
                    Map.of("AKOSHA_API_TOKEN_FILE", tokenFile.toString()), sessionEnd(id));
            assertEquals(0, withToken.exit(), withToken.stderr());
            assertEquals("", withToken.stderr());
            assertFalse(sidecar.output().contains("hook-it-secret-token-1"), "the token is in no log");
        }
    }

    @Test
    void aSidecarThatNeverAnswersCostsTheBudgetAndNoMore() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, read from never, answered never
                    }
                } catch (IOException closed) {
                    held.forEach(HookIT::closeQuietly);
                }
            }, "silent-sidecar");
            acceptor.setDaemon(true);
            acceptor.start();
            List<Long> walls = new ArrayList<>();
            int nobody = ConfigErrorIT.freePort();
            for (int i = 0; i < RUNS; i++) {
                // what starting the process costs right now: a hook that finds no sidecar is done at once
                long start = hook(List.of("--url", url(nobody)), Map.of(), sessionEnd("s")).wallMillis();
                String id = UUID.randomUUID().toString();
                CommandRun run = hook(List.of("--url", url(silent.getLocalPort())), Map.of(), sessionEnd(id));
                assertEquals(0, run.exit());
                assertEquals("akosha-sync hook: session " + id + " not synced: the sidecar at "
                        + url(silent.getLocalPort()) + " gave no answer within 2 s", run.oneLine());
                assertTrue(run.wallMillis() < BUDGET_MILLIS + start + SLACK_MILLIS,
                        "budget + start (" + start + " ms) + slack: " + run.wallMillis() + " ms");
                walls.add(run.wallMillis());
            }
            record("silent", walls);
        }
    }

    @Test
    void stdinThatIsNotASessionEndIsOneLineAndExitZero() throws Exception {
        int port = ConfigErrorIT.freePort();
        CommandRun notJson = hook(List.of("--url", url(port)), Map.of(), "exit\n");
        assertEquals(0, notJson.exit());
        assertTrue(notJson.oneLine().startsWith("akosha-sync hook: session end not synced: stdin is not Claude Code's"
                + " SessionEnd JSON: Unrecognized token 'exit'"), notJson.stderr());
        CommandRun noSession = hook(List.of("--url", url(port)), Map.of(), "{\"hook_event_name\":\"SessionEnd\"}");
        assertEquals("akosha-sync hook: session end not synced: stdin is not Claude Code's SessionEnd JSON: it has no"
                + " session_id", noSession.oneLine());
        CommandRun stdinOpen = CommandRun.run(work, Artifact.BUILT.command(List.of(), List.of("hook", "--url",
                url(port))), Map.of(), null);
        assertEquals(0, stdinOpen.exit());
        assertEquals("akosha-sync hook: session end not synced: stdin gave no SessionEnd JSON within 2 s",
                stdinOpen.oneLine());
        assertTrue(stdinOpen.wallMillis() < BUDGET_MILLIS + notJson.wallMillis() + SLACK_MILLIS,
                "budget + start (" + notJson.wallMillis() + " ms) + slack: " + stdinOpen.wallMillis() + " ms");
        CommandRun badArgument = hook(List.of("--bogus"), Map.of(), sessionEnd("s-1"));
        assertEquals(0, badArgument.exit());
        assertEquals("akosha-sync hook: Unknown option: '--bogus' (akosha-sync hook --help shows the usage)",
                badArgument.oneLine());
    }

    @Test
    void installHookWritesItsOwnCommandOnceAndDryRunWritesNothing() throws Exception {
        Path settings = work.resolve("home/.claude/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\"model\":\"opus\",\"hooks\":{\"SessionEnd\":[{\"hooks\":[{\"type\":"
                + "\"command\",\"command\":\"notify-send bye\"}]}]}}");
        String before = Files.readString(settings);
        String own = String.join(" ", Artifact.BUILT.command(List.of(), List.of("hook")));

        CommandRun dryRun = CommandRun.of(work, Map.of(), "install-hook", "--settings", settings.toString(),
                "--dry-run");
        assertEquals(0, dryRun.exit(), dryRun.stderr());
        assertEquals(before, Files.readString(settings), "dry run wrote nothing");
        JsonNode printed = UploadVerifier.json(dryRun.stdout());
        assertEquals(own, printed.at("/hooks/SessionEnd/1/hooks/0/command").asText(), dryRun.stdout());
        assertEquals("notify-send bye", printed.at("/hooks/SessionEnd/0/hooks/0/command").asText());

        CommandRun install = CommandRun.of(work, Map.of(), "install-hook", "--settings", settings.toString());
        assertEquals(0, install.exit(), install.stderr());
        JsonNode written = UploadVerifier.json(Files.readString(settings));
        assertEquals(printed, written, "writes what the dry run showed");
        assertEquals(5, written.at("/hooks/SessionEnd/1/hooks/0/timeout").asInt());
        assertTrue(install.stdout().contains("the old file is kept as " + settings), install.stdout());

        CommandRun again = CommandRun.of(work, Map.of(), "install-hook", "--settings", settings.toString());
        assertEquals(0, again.exit(), again.stderr());
        assertTrue(again.stdout().contains("nothing changed"), again.stdout());
        assertEquals(written, UploadVerifier.json(Files.readString(settings)));

        CommandRun usage = CommandRun.of(work, Map.of(), "install-hook", "--settings");
        assertEquals(2, usage.exit());
        CommandRun help = CommandRun.of(work, Map.of(), "--help");
        assertTrue(help.stdout().contains("  hook ") && help.stdout().contains("  install-hook "), help.stdout());
    }

    @AfterAll
    static void printWallTimes() {
        if (!MEDIAN_WALL_MILLIS.isEmpty()) {
            StringBuilder line = new StringBuilder("HOOK WALL artifact=" + Artifact.BUILT.label());
            new TreeMap<>(MEDIAN_WALL_MILLIS).forEach((k, v) -> line.append(' ').append(k).append('=').append(v)
                    .append("ms"));
            System.out.println(line);
        }
    }

    private Map<String, String> localSidecar() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        TestFiles.writePseudoRandom(data.resolve("reflection.duckdb"), 200_000);
        return Map.of("akosha.data-dir", data.toString(), "akosha.spool-dir", work.resolve("spool").toString(),
                "akosha.local.dir", work.resolve("store").toString(), "akosha.system-id", "hook-it");
    }

    /** A sidecar that has served a request, as one that has been running: its first answer is its slowest. */
    private static void warmUp(SidecarProcess sidecar) throws Exception {
        sidecar.post("/v1/sessions/warm-up/end", "{}");
    }

    /** The sync the sidecar made for this session end. */
    private static String syncOf(SidecarProcess sidecar, String sessionId) throws Exception {
        for (JsonNode sync : UploadVerifier.json(sidecar.get("/v1/syncs").body()).get("items")) {
            if (sync.get("session_id").asText().equals(sessionId)) {
                return sync.get("sync_id").asText();
            }
        }
        throw new AssertionError("no sync for session " + sessionId);
    }

    /** Claude Code's SessionEnd hook input. */
    private static String sessionEnd(String sessionId) {
        return "{\"session_id\":\"" + sessionId + "\",\"transcript_path\":\"/home/u/.claude/projects/"
                + "-home-u-my-project/" + sessionId + ".jsonl\",\"cwd\":\"/home/u/my.project\","
                + "\"hook_event_name\":\"SessionEnd\",\"reason\":\"prompt_input_exit\"}";
    }

    private CommandRun hook(List<String> args, Map<String, String> env, String stdin) throws Exception {
        List<String> all = new ArrayList<>(List.of("hook"));
        all.addAll(args);
        return CommandRun.run(work, Artifact.BUILT.command(List.of(), all), env, stdin);
    }

    private static void record(String name, List<Long> walls) {
        List<Long> sorted = walls.stream().sorted().toList();
        MEDIAN_WALL_MILLIS.put(name, sorted.get(sorted.size() / 2));
        System.out.println("hook wall times " + name + ": " + walls + " ms");
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the test is over; nothing waits for this socket
        }
    }

}
