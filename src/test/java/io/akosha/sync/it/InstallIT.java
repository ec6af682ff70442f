package io.akosha.sync.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.deploy.EnvironmentFile;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/laptop/install.sh} into a temporary home from the built artifact (the whole
 * {@code target/quarkus-app/}, or the native executable in the native suite), then the installed launcher run as
 * the installed systemd unit runs it: with exactly the environment its {@code EnvironmentFile=} gives (read as systemd
 * reads it), as a command ({@code list}) and as the sidecar delivering a session, within the unit's memory bound.
 */
class InstallIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void installedLauncherRunsTheSidecarWithTheUnitsEnvironment() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        Path prefix = work.resolve("share/akosha-sync");
        Path bin = work.resolve("bin");
        Path config = work.resolve("config");
        Path units = work.resolve("units");
        Run install = install(home, prefix, bin, config, units);
        assertEquals(0, install.exit(), install.output());

        if (Artifact.BUILT.label().equals("jvm")) {
            Path app = Artifact.JAR.toAbsolutePath().getParent();
            assertEquals(tree(app), tree(prefix.resolve("quarkus-app")), "quarkus-app/ installed whole");
        } else {
            assertTrue(Files.isExecutable(prefix.resolve("akosha-sync")), install.output());
        }
        Path launcher = bin.resolve("akosha-sync");
        assertTrue(Files.isExecutable(launcher));

        Path unit = units.resolve("akosha-sync.service");
        String unitText = Files.readString(unit);
        assertTrue(unitText.contains("\nExecStart=" + launcher + "\n"), unitText);
        Path envFile = config.resolve("akosha-sync.env");
        assertTrue(unitText.contains("\nEnvironmentFile=" + envFile + "\n"), unitText);
        assertFalse(unitText.contains("@"), "every placeholder filled: " + unitText);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(envFile), "the environment file may hold a token");
        systemdVerify(unit);

        // the unit's environment: the file as systemd reads it, and no other variable but what systemd sets itself
        Map<String, String> env = new TreeMap<>(EnvironmentFile.read(envFile));
        assertEquals(home.resolve(".claude/data").toString(), env.get("AKOSHA_DATA_DIR"), env.toString());
        assertEquals(home.resolve(".akosha-sync/store").toString(), env.get("AKOSHA_LOCAL_DIR"), env.toString());
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        int port = ConfigErrorIT.freePort();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Path data = Files.createDirectories(Path.of(env.get("AKOSHA_DATA_DIR")));
        Path original = data.resolve("reflection.duckdb");
        TestFiles.writePseudoRandom(original, 20L * 1000 * 1000);

        Run list = run(env, launcher.toString(), "list");
        assertEquals(0, list.exit(), list.output());
        assertTrue(list.output().contains("0 uploads"), list.output());
        Run hook = run(env, launcher.toString(), "install-hook", "--settings", home.resolve("settings.json").toString(),
                "--dry-run");
        assertEquals(0, hook.exit(), hook.output());
        assertTrue(hook.output().contains("\"" + launcher + " hook\"") && !hook.output().contains("-jar"),
                "install-hook writes the launcher, not the command behind it: " + hook.output());

        Path log = work.resolve("sidecar.log");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(home.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process sidecar = builder.start();
        try {
            Process running = sidecar;
            await("started").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!running.isAlive()) {
                    throw new AssertionError("exited: " + Files.readString(log));
                }
                try {
                    return get(port, "/q/health/started").statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
            assertFalse(Files.readString(log).contains("Unknown configuration"),
                    "every variable of the environment file is one the sidecar knows: " + Files.readString(log));
            String command = ProcessHandle.of(sidecar.pid()).flatMap(h -> h.info().command()).orElse("");
            assertFalse(command.endsWith("/sh"), "the launcher execs the program: " + command);

            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(uri(port, "/v1/sessions/install-1/end"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"files\":[\"reflection.duckdb\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, accepted.statusCode(), accepted.body());
            String syncId = UploadVerifier.json(accepted.body()).get("sync_id").asText();
            JsonNode sync = await("delivered").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> UploadVerifier.json(get(port, "/v1/syncs/" + syncId).body()),
                            s -> s.get("status").asText().equals("delivered"));
            assertTrue(Files.exists(Path.of(env.get("AKOSHA_LOCAL_DIR"))
                    .resolve(sync.get("files").get(0).get("object_key").asText())), sync.toString());

            long peakKib = vmHwmKib(sidecar.pid());
            long memoryHigh = bytes(unitText, "MemoryHigh");
            System.out.println("INSTALL " + Artifact.BUILT.label() + " VmHWM " + peakKib / 1024 + " MiB, unit MemoryHigh "
                    + memoryHigh / (1024 * 1024) + " MiB");
            assertTrue(peakKib * 1024 < memoryHigh, "peak RSS " + peakKib + " KiB within the unit's MemoryHigh");
        } finally {
            sidecar.destroy(); // SIGTERM, as systemctl stop
            if (!sidecar.waitFor(60, TimeUnit.SECONDS)) {
                sidecar.destroyForcibly();
            }
        }
        int exit = sidecar.exitValue();
        assertTrue(exit == 0 || exit == 143, "stopped by SIGTERM: " + exit + "\n" + Files.readString(log));

        // installing again (an upgrade) replaces the program and keeps the edited environment file
        Files.writeString(envFile, "AKOSHA_SYSTEM_ID=edited\n", java.nio.file.StandardOpenOption.APPEND);
        String edited = Files.readString(envFile);
        Run again = install(home, prefix, bin, config, units);
        assertEquals(0, again.exit(), again.output());
        assertEquals(edited, Files.readString(envFile));
        assertTrue(again.output().contains("kept as it was"), again.output());
        try (Stream<Path> left = Files.list(prefix)) {
            List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
            assertFalse(names.stream().anyMatch(n -> n.startsWith(".new") || n.endsWith(".old")), names.toString());
        }
    }

    /** The launchd agent (macOS) as install.sh writes it: this user's paths, the installed launcher. */
    @Test
    void launchdAgentRunsTheInstalledLauncher() throws Exception {
        Path home = Files.createDirectories(work.resolve("Users/someone"));
        Path bin = work.resolve("bin");
        Path agents = work.resolve("LaunchAgents");
        Run install = install(home, work.resolve("share"), bin, work.resolve("config"), agents, "launchd");
        assertEquals(0, install.exit(), install.output());
        Path plist = agents.resolve("io.akosha.sync.plist");
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        org.w3c.dom.Document doc = factory.newDocumentBuilder().parse(plist.toFile());
        org.w3c.dom.NodeList keys = doc.getElementsByTagName("key");
        Map<String, String> strings = new TreeMap<>();
        for (int i = 0; i < keys.getLength(); i++) {
            org.w3c.dom.Node next = keys.item(i).getNextSibling();
            while (next != null && next.getNodeType() != org.w3c.dom.Node.ELEMENT_NODE) {
                next = next.getNextSibling();
            }
            if (next != null) {
                strings.put(keys.item(i).getTextContent(), next.getTextContent().strip());
            }
        }
        assertEquals(bin.resolve("akosha-sync").toString(), strings.get("ProgramArguments"), strings.toString());
        assertEquals(home.resolve(".claude/data").toString(), strings.get("AKOSHA_DATA_DIR"));
        assertEquals(home.resolve("Library/Logs/akosha-sync.log").toString(), strings.get("StandardOutPath"));
        assertFalse(Files.readString(plist).contains("/Users/USER"), Files.readString(plist));
    }

    private Run install(Path home, Path prefix, Path bin, Path config, Path units) throws Exception {
        return install(home, prefix, bin, config, units, "systemd");
    }

    private Run install(Path home, Path prefix, Path bin, Path config, Path units, String service) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "deploy/laptop/install.sh", "--prefix", prefix.toString(),
                "--bin-dir", bin.toString(), "--config-dir", config.toString(), "--unit-dir", units.toString(),
                "--service", service));
        if (Artifact.BUILT.label().equals("jvm")) {
            command.addAll(List.of("--jvm", Artifact.JAR.toAbsolutePath().getParent().toString(),
                    "--java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        } else {
            command.addAll(List.of("--native", Artifact.BUILT.executable().toString()));
        }
        Map<String, String> env = new TreeMap<>(Map.of("HOME", home.toString(), "PATH", System.getenv("PATH")));
        return run(env, command.toArray(String[]::new));
    }

    /** {@code systemd-analyze verify} where systemd is installed (it checks the unit's syntax and ExecStart). */
    private void systemdVerify(Path unit) throws Exception {
        if (new ProcessBuilder("sh", "-c", "command -v systemd-analyze").start().waitFor() != 0) {
            System.out.println("INSTALL systemd-analyze not installed: unit not verified");
            return;
        }
        Run verify = run(Map.of("PATH", System.getenv("PATH")), "systemd-analyze", "verify", unit.toString());
        assertEquals(0, verify.exit(), verify.output());
        assertFalse(verify.output().contains(unit.getFileName().toString()), "no warning: " + verify.output());
    }

    private Run run(Map<String, String> env, String... command) throws Exception {
        Path out = Files.createTempFile(work, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " still running: " + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static Map<String, Long> tree(Path root) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(p).toString(), Files.size(p));
            }
        }
        return files;
    }

    private static long vmHwmKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmHWM for " + pid);
    }

    /** A systemd size ({@code 320M}, base 1024) of the unit's {@code key=}. */
    private static long bytes(String unit, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(\\d+)([KMG]?)$").matcher(unit);
        assertTrue(m.find(), key + " in " + unit);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            case "G" -> n << 30;
            default -> n;
        };
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(port, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private record Run(int exit, String output) {
    }
}
