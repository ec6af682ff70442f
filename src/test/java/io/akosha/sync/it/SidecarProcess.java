package io.akosha.sync.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged sidecar ({@link Artifact#BUILT}: the jar or the native executable), run as a user runs it: its own
 * process.
 */
final class SidecarProcess implements AutoCloseable {

    /** HTTP/1.1, as the session tool's hook speaks it; the sidecar closes a connection idle for 10 s. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private SidecarProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the sidecar with {@code config} as system properties; does not wait for it. */
    static SidecarProcess start(Path log, int port, Map<String, String> config, String... args) throws IOException {
        return start(List.of(), List.of("-Xmx256m"), log, port, config, args);
    }

    /** Starts the sidecar through {@code wrapper} (a command that ends by running the rest of its arguments). */
    static SidecarProcess start(List<String> wrapper, Path log, int port, Map<String, String> config, String... args)
            throws IOException {
        return start(wrapper, List.of("-Xmx256m"), log, port, config, args);
    }

    /** Starts the sidecar with these memory options, through {@code wrapper} (may be empty). */
    static SidecarProcess start(List<String> wrapper, List<String> options, Path log, int port,
            Map<String, String> config, String... args) throws IOException {
        return start(Artifact.BUILT, wrapper, options, log, port, config, args);
    }

    /** Starts {@code artifact} with these options, through {@code wrapper} (may be empty). */
    static SidecarProcess start(Artifact artifact, List<String> wrapper, List<String> options, Path log, int port,
            Map<String, String> config, String... args) throws IOException {
        List<String> all = new ArrayList<>(options);
        all.add(TestFiles.TMPDIR_OPTION);
        all.add("-Dquarkus.http.port=" + port);
        config.forEach((k, v) -> all.add("-D" + k + "=" + v));
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(artifact.command(all, List.of(args)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new SidecarProcess(process, log, port);
    }

    boolean exited() {
        return !process.isAlive();
    }

    /** Waits until the process exits and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sidecar still running after " + timeout);
        }
        return process.exitValue();
    }

    void awaitReady(Duration timeout) {
        await("sidecar live").atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("sidecar exited: " + output());
            }
            try {
                return get("/q/health/live").statusCode() == 200;
            } catch (IOException notYet) {
                return false; // not listening yet
            }
        });
    }

    /** Polls a sync until it has {@code status}; fails on parked, or on delivered while waiting for an earlier state. */
    JsonNode awaitStatus(String syncId, String status) {
        return await("sync " + syncId + " " + status).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> UploadVerifier.json(get("/v1/syncs/" + syncId).body()), sync -> {
                    String current = sync.get("status").asText();
                    assertFalse(current.equals("parked")
                            || (current.equals("delivered") && !status.equals("delivered")), "unexpected state " + sync);
                    return current.equals(status);
                });
    }

    /**
     * A POST, sent again once if the connection it went on was closed under it (an idle pooled connection the
     * sidecar had just closed): the session-end and command endpoints take a repeat as the same request.
     */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException closedUnderIt) {
            if (!process.isAlive()) {
                throw closedUnderIt;
            }
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Resident set size of the process in KiB, from /proc (Linux). */
    long rssKib() throws IOException {
        return status("VmRSS:");
    }

    /** Peak resident set size in KiB since start or the last {@link #resetPeakRss()}. */
    long peakRssKib() throws IOException {
        return status("VmHWM:");
    }

    /** Starts a new peak RSS measurement (Linux: {@code 5 > /proc/PID/clear_refs}, own process or root). */
    void resetPeakRss() throws IOException {
        Files.writeString(Path.of("/proc", Long.toString(process.pid()), "clear_refs"), "5");
    }

    int port() {
        return port;
    }

    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " for " + process.pid());
    }

    /** SIGTERM, as Kubernetes or systemd stop a process; returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, like a crash or an OOM kill. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Stops the sidecar and whatever a wrapper started beside it (a shell that runs it again, say). */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
    }
}
