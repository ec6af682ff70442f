package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged sidecar started with the environment an EKS overlay gives its container ({@code kubectl kustomize},
 * the init container {@code akosha-sync}), where the optional Secret {@code akosha-ingest} was never created: an
 * optional {@code secretKeyRef} whose Secret is missing leaves the variable unset. The sidecar is a native sidecar
 * (an init container with {@code restartPolicy: Always}): the session tool's container starts only once its startup
 * probe passes, so {@code /q/health/started} must answer 200 within the probe's budget (period x failure threshold)
 * and the process must keep running. The mounts are temporary directories; the store is a closed port on 127.0.0.1
 * (nothing leaves the machine), with stand-in keys where EKS would inject web-identity or container credentials.
 */
class OverlaySidecarIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** The JVM build's options in deploy/k8s/components/jvm; the base runs the native executable without any. */
    private static final List<String> OPTIONS = List.of("-Xmx64m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

    @TempDir
    Path work;

    /** The overlays as written: the fallback's protocol is the default (mcp), whose token is optional. */
    @ParameterizedTest
    @ValueSource(strings = {"eks-irsa", "eks-pod-identity"})
    void startsWithTheOverlaysEnvironmentWithoutTheSecret(String overlay) throws Exception {
        startsWithin(overlay, Map.of());
    }

    /**
     * The same with {@code AKOSHA_FALLBACK_PROTOCOL=multipart}, whose token is required: today the sidecar exits at
     * start ({@code akosha.fallback.token: required when akosha.fallback.url is set (protocol multipart)}, exit 1) and
     * the pod never gets past its init container. Passes once a missing token turns the fallback off with a warning.
     */
    @ParameterizedTest
    @ValueSource(strings = {"eks-irsa", "eks-pod-identity"})
    void multipartFallbackWithoutItsTokenStillStarts(String overlay) throws Exception {
        startsWithin(overlay, Map.of("AKOSHA_FALLBACK_PROTOCOL", "multipart"));
    }

    private void startsWithin(String overlay, Map<String, String> extra) throws Exception {
        JsonNode sidecar = sidecarContainer(overlay);
        Map<String, String> env = new TreeMap<>();
        Map<String, Path> mounts = new TreeMap<>();
        for (JsonNode mount : sidecar.path("volumeMounts")) {
            mounts.put(mount.get("mountPath").asText(),
                    Files.createDirectories(work.resolve("mounts").resolve(mount.get("name").asText())));
        }
        List<String> unset = new ArrayList<>();
        for (JsonNode var : sidecar.path("env")) {
            String name = var.get("name").asText();
            if (var.has("value")) {
                env.put(name, remap(var.get("value").asText(), mounts));
            } else if (var.path("valueFrom").has("fieldRef")) {
                assertEquals("metadata.name", var.at("/valueFrom/fieldRef/fieldPath").asText(), var.toString());
                env.put(name, "session-buddy-7c9d5b8f4-x2x7k"); // the pod's name
            } else if (var.path("valueFrom").has("secretKeyRef")) {
                assertTrue(var.at("/valueFrom/secretKeyRef/optional").asBoolean(false),
                        "a required Secret would keep the pod from starting at all: " + var);
                unset.add(name); // the Secret does not exist: an optional reference leaves the variable unset
            } else {
                fail("an environment source this test does not know: " + var);
            }
        }
        assertTrue(unset.contains("AKOSHA_FALLBACK_TOKEN"), unset.toString());
        assertTrue(env.containsKey("AKOSHA_FALLBACK_URL"), env.toString());
        env.putAll(extra);
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        int port = ConfigErrorIT.freePort();
        env.putAll(Map.of("AKOSHA_CLOUD_ENDPOINT", "http://127.0.0.1:" + closed,
                "AKOSHA_CLOUD_ALLOW_INSECURE_LOOPBACK", "true",
                "AWS_ACCESS_KEY_ID", "stand-in-for-the-injected-credentials",
                "AWS_SECRET_ACCESS_KEY", "stand-in-for-the-injected-credentials",
                "AWS_EC2_METADATA_DISABLED", "true",
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "HOME", Files.createDirectories(work.resolve("home")).toString(),
                "PATH", "/usr/local/bin:/usr/bin:/bin"));

        List<String> options = new ArrayList<>(Artifact.BUILT.label().equals("native") ? List.of() : OPTIONS);
        Path tmp = mounts.get("/tmp");
        if (tmp != null) {
            options.add("-Djava.io.tmpdir=" + tmp);
        }
        JsonNode probe = sidecar.get("startupProbe");
        assertEquals("/q/health/started", probe.at("/httpGet/path").asText());
        Duration budget = Duration.ofSeconds(probe.path("initialDelaySeconds").asLong(0)
                + probe.path("periodSeconds").asLong(10) * probe.path("failureThreshold").asLong(3));

        Path log = work.resolve("sidecar.log");
        ProcessBuilder builder = new ProcessBuilder(Artifact.BUILT.command(options, List.of()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            int status = -1;
            while (System.nanoTime() - start < budget.toNanos() && process.isAlive()) {
                try {
                    status = get(port, "/q/health/started");
                    if (status == 200) {
                        break;
                    }
                } catch (IOException notListening) {
                    // not yet
                }
                Thread.sleep(200);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(status == 200, overlay + " " + extra + ": no 200 from /q/health/started within the startup"
                    + " probe's " + budget.toSeconds() + " s (process " + (process.isAlive() ? "running" : "exited "
                    + process.exitValue()) + ", last status " + status + "):\n" + output);
            System.out.println("OVERLAY " + overlay + " " + extra + " started in "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
            assertTrue(!output.contains("Unknown configuration"), "every variable is one the sidecar knows: " + output);
            Thread.sleep(2000);
            assertTrue(process.isAlive(), "kept running: " + Files.readString(log, StandardCharsets.UTF_8));
            assertEquals(200, get(port, "/q/health/live"), "the liveness probe passes");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String remap(String value, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            if (value.equals(m.getKey()) || value.startsWith(m.getKey() + "/")) {
                return m.getValue() + value.substring(m.getKey().length());
            }
        }
        return value;
    }

    private static JsonNode sidecarContainer(String overlay) throws Exception {
        assumeTrue(new ProcessBuilder("sh", "-c", "command -v kubectl").start().waitFor() == 0,
                "kubectl is not installed");
        Process p = new ProcessBuilder("kubectl", "kustomize", "deploy/k8s/overlays/" + overlay)
                .redirectErrorStream(true).start();
        String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, yaml);
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode doc : (Iterable<JsonNode>) () -> {
                try {
                    return YAML.readValues(parser, JsonNode.class);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }) {
                if (doc.path("kind").asText().equals("Deployment")) {
                    for (JsonNode c : doc.at("/spec/template/spec/initContainers")) {
                        if (c.path("name").asText().equals("akosha-sync")) {
                            return c;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no akosha-sync init container in " + overlay);
    }

    private static int get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
