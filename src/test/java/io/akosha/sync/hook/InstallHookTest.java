package io.akosha.sync.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** install-hook on real settings files: merged, never clobbered, once, with a backup, atomically. */
class InstallHookTest {

    private static final String COMMAND = "/opt/akosha/akosha-sync hook";
    private static final String THEIRS = """
            {
              "model": "opus",
              "env": {"FOO": "bar"},
              "permissions": {"allow": ["Bash(ls:*)"], "deny": []},
              "cleanupPeriodDays": 1.50,
              "hooks": {
                "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "audit.sh"}]}],
                "SessionEnd": [{"hooks": [{"type": "command", "command": "notify-send bye", "timeout": 3}]}]
              }
            }
            """;

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void addsItsGroupAndKeepsEverythingElse() throws IOException {
        Path settings = write(home.resolve("settings.json"), THEIRS);

        assertEquals(0, run("--settings", settings.toString(), "--command", COMMAND), err());

        JsonNode after = json.readTree(settings.toFile());
        JsonNode before = json.readTree(THEIRS);
        for (String key : List.of("model", "env", "permissions", "cleanupPeriodDays")) {
            assertEquals(before.get(key), after.get(key), key);
        }
        assertTrue(Files.readString(settings).contains("\"cleanupPeriodDays\": 1.50"), "number written as it was");
        assertEquals(before.get("hooks").get("PreToolUse"), after.get("hooks").get("PreToolUse"));
        JsonNode groups = after.get("hooks").get("SessionEnd");
        assertEquals(2, groups.size(), groups.toString());
        assertEquals(before.get("hooks").get("SessionEnd").get(0), groups.get(0), "their SessionEnd group kept");
        assertEquals(json.readTree("{\"hooks\":[{\"type\":\"command\",\"command\":\"" + COMMAND
                + "\",\"timeout\":5}]}"), groups.get(1));
    }

    @Test
    void backsUpTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path settings = write(home.resolve("settings.json"), THEIRS);

        assertEquals(0, run("--settings", settings.toString(), "--command", COMMAND), err());

        List<Path> beside = list(home);
        Path backup = beside.stream().filter(p -> p.getFileName().toString().startsWith("settings.json.bak-"))
                .findFirst().orElseThrow(() -> new AssertionError("no backup in " + beside));
        assertEquals(THEIRS, Files.readString(backup));
        assertEquals(2, beside.size(), "settings and backup only: " + beside);
        assertTrue(out().contains(backup.toString()), "says where the backup is: " + out());
    }

    @Test
    void secondRunAddsNothing() throws IOException {
        Path settings = write(home.resolve("settings.json"), THEIRS);
        assertEquals(0, run("--settings", settings.toString(), "--command", COMMAND), err());
        String once = Files.readString(settings);
        List<Path> filesOnce = list(home);
        out.reset();

        assertEquals(0, run("--settings", settings.toString(), "--command", COMMAND), err());

        assertEquals(once, Files.readString(settings));
        assertEquals(filesOnce, list(home), "no second backup");
        assertTrue(out().contains("already runs the hook") && out().contains("nothing changed"), out());
    }

    @Test
    void anotherPathToTheExecutableCountsAsInstalled() throws IOException {
        String elsewhere = "{\"hooks\":{\"SessionEnd\":[{\"hooks\":[{\"type\":\"command\","
                + "\"command\":\"/usr/local/bin/akosha-sync hook --verbose\"}]}]}}";
        Path settings = write(home.resolve("settings.json"), elsewhere);

        assertEquals(0, run("--settings", settings.toString(), "--command", COMMAND), err());

        assertEquals(elsewhere, Files.readString(settings));
        assertTrue(out().contains("/usr/local/bin/akosha-sync hook --verbose"), out());
    }

    @Test
    void createsAMissingFileAndItsDirectories() throws IOException {
        Path settings = home.resolve(".claude/settings.json");

        assertEquals(0, run("--command", COMMAND), err());

        assertEquals(json.readTree("{\"hooks\":{\"SessionEnd\":[{\"hooks\":[{\"type\":\"command\",\"command\":\""
                + COMMAND + "\",\"timeout\":5}]}]}}"), json.readTree(settings.toFile()));
        assertTrue(out().contains("no backup"), out());
    }

    @Test
    void dryRunPrintsTheResultAndWritesNothing() throws IOException {
        Path settings = write(home.resolve("settings.json"), THEIRS);

        assertEquals(0, run("--settings", settings.toString(), "--command", COMMAND, "--dry-run"), err());

        assertEquals(THEIRS, Files.readString(settings));
        assertEquals(List.of(settings), list(home));
        JsonNode printed = json.readTree(out());
        assertEquals(COMMAND, printed.at("/hooks/SessionEnd/1/hooks/0/command").asText(), out());
        assertEquals("opus", printed.get("model").asText());
        assertTrue(out().contains("\n  \"model\": \"opus\""), "pretty, as Claude Code writes it: " + out());
    }

    @Test
    void invalidJsonIsLeftUntouched() throws IOException {
        String broken = "{\"model\": \"opus\",, }";
        Path settings = write(home.resolve("settings.json"), broken);

        assertEquals(1, run("--settings", settings.toString(), "--command", COMMAND));

        assertEquals(broken, Files.readString(settings));
        assertEquals(List.of(settings), list(home));
        assertTrue(err().contains("not valid JSON") && err().lines().count() == 1, err());
    }

    @Test
    void aCutFileIsLeftUntouchedAndTheReasonSaysWhere() throws IOException {
        String cut = "{\"model\": \"opus\",\n \"hooks\": {";
        Path settings = write(home.resolve("settings.json"), cut);

        assertEquals(1, run("--settings", settings.toString(), "--command", COMMAND));

        assertEquals(cut, Files.readString(settings));
        assertEquals("akosha-sync install-hook: " + settings + " left as it was: it is not valid JSON: Unexpected "
                + "end-of-input: expected close marker for Object (start marker at [line: 2, column: 11]) (line 2)",
                err().strip());
    }

    @Test
    void aKeyGivenTwiceIsRefusedRatherThanOneValueLost() throws IOException {
        String twice = "{\"model\": \"opus\", \"model\": \"sonnet\"}";
        Path settings = write(home.resolve("settings.json"), twice);

        assertEquals(1, run("--settings", settings.toString(), "--command", COMMAND));

        assertEquals(twice, Files.readString(settings));
        assertTrue(err().contains("Duplicate field 'model'"), err());
    }

    @Test
    void hooksThatIsNotAnObjectIsLeftUntouched() throws IOException {
        String odd = "{\"hooks\": [\"SessionEnd\"]}";
        Path settings = write(home.resolve("settings.json"), odd);

        assertEquals(1, run("--settings", settings.toString(), "--command", COMMAND));

        assertEquals(odd, Files.readString(settings));
        assertTrue(err().contains("\"hooks\" is not an object"), err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("--settings"));
        assertEquals(2, run("--bogus"));
        assertTrue(err().contains("Missing required parameter for option '--settings'")
                && err().contains("Unknown option: '--bogus'"), err());
        assertFalse(Files.exists(home.resolve(".claude")));
    }

    @Test
    void quotesPathsWithSpacesForTheShell() {
        assertEquals("/usr/bin/akosha-sync", OwnCommand.quote("/usr/bin/akosha-sync"));
        assertEquals("'/Users/a b/it'\\''s/akosha-sync'", OwnCommand.quote("/Users/a b/it's/akosha-sync"));
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new InstallHook(home, print(out), print(err)));
        cli.setErr(new PrintWriter(print(err), true));
        return cli.execute(args);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
