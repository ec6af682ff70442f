package io.akosha.sync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders each overlay with {@code kubectl kustomize} and checks it through typed Kubernetes models. */
class KubernetesOverlaysTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    @ParameterizedTest
    @ValueSource(strings = {"eks-irsa", "eks-pod-identity", "generic-s3"})
    void overlayRendersTheNativeSidecarPattern(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        Deployment deployment = YAML.treeToValue(only(docs, "Deployment"), Deployment.class);
        ServiceAccount account = YAML.treeToValue(only(docs, "ServiceAccount"), ServiceAccount.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();

        assertEquals(account.getMetadata().getName(), pod.getServiceAccountName());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());

        Container sidecar = pod.getInitContainers().stream().filter(c -> c.getName().equals("akosha-sync"))
                .findFirst().orElseThrow();
        assertEquals("Always", sidecar.getRestartPolicy(), "native sidecar: init container that keeps running");
        assertEquals("/q/health/started", sidecar.getStartupProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", sidecar.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", sidecar.getReadinessProbe().getHttpGet().getPath());
        assertTrue(sidecar.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(sidecar.getSecurityContext().getRunAsNonRoot());
        assertFalse(sidecar.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), sidecar.getSecurityContext().getCapabilities().getDrop());
        assertNotNull(sidecar.getResources().getLimits().get("memory"));
        assertTrue(Quantity.getAmountInBytes(sidecar.getResources().getLimits().get("memory")).compareTo(
                Quantity.getAmountInBytes(sidecar.getResources().getRequests().get("memory"))) > 0);
        assertNotNull(sidecar.getResources().getRequests().get("cpu"));

        Map<String, EnvVar> env = sidecar.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals("/data", env.get("AKOSHA_DATA_DIR").getValue());
        assertEquals("/var/lib/akosha-sync/spool", env.get("AKOSHA_SPOOL_DIR").getValue());
        assertEquals("akosha-memories", env.get("AKOSHA_CLOUD_BUCKET").getValue());
        assertEquals("true", env.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED").getValue(), "JSON logs in Kubernetes");
        List<String> mounts = sidecar.getVolumeMounts().stream().map(m -> m.getMountPath()).toList();
        assertTrue(mounts.containsAll(List.of("/data", "/var/lib/akosha-sync/spool")), mounts.toString());
        Container tool = pod.getContainers().get(0);
        assertTrue(tool.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("session-data")),
                "data volume shared with the session tool");

        Optional<String> roleArn = Optional.ofNullable(account.getMetadata().getAnnotations())
                .map(a -> a.get("eks.amazonaws.com/role-arn"));
        switch (overlay) {
            case "eks-irsa" -> {
                assertTrue(roleArn.orElseThrow().startsWith("arn:aws:iam::"), "IRSA role annotation");
                assertFalse(env.containsKey("AKOSHA_CLOUD_ACCESS_KEY_ID"), "no static keys with IAM roles");
            }
            case "eks-pod-identity" -> {
                assertTrue(roleArn.isEmpty(), "Pod Identity needs no annotation");
                assertFalse(env.containsKey("AKOSHA_CLOUD_ACCESS_KEY_ID"), "no static keys with IAM roles");
            }
            default -> {
                assertEquals("akosha-s3-keys",
                        env.get("AKOSHA_CLOUD_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName());
                assertEquals("true", env.get("AKOSHA_CLOUD_PATH_STYLE").getValue());
                assertNotNull(env.get("AKOSHA_CLOUD_ENDPOINT").getValue());
            }
        }
    }

    /**
     * The fallback's token comes from a Secret the overlay documents and never contains: an optional reference (the
     * pod starts without it; OverlaySidecarIT starts the sidecar so), the creation command in the kustomization.
     */
    @ParameterizedTest
    @ValueSource(strings = {"eks-irsa", "eks-pod-identity"})
    void fallbackTokenSecretIsDocumentedAndOptional(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        assertTrue(docs.stream().noneMatch(d -> d.path("kind").asText().equals("Secret")), "no Secret rendered");
        Container sidecar = sidecar(YAML.treeToValue(only(docs, "Deployment"), Deployment.class));
        Map<String, EnvVar> env = sidecar.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        var token = env.get("AKOSHA_FALLBACK_TOKEN").getValueFrom().getSecretKeyRef();
        assertEquals("akosha-ingest", token.getName());
        assertEquals("token", token.getKey());
        assertTrue(token.getOptional(), "the pod starts without the Secret");
        assertTrue(env.get("AKOSHA_FALLBACK_URL").getValue().startsWith("https://"));
        String kustomization = Files.readString(Path.of("deploy/k8s/overlays", overlay, "kustomization.yaml"));
        assertTrue(kustomization.contains("#   kubectl create secret generic akosha-ingest --from-literal=token="),
                kustomization);
    }

    /**
     * The JVM image: its memory options; the request above the cloud path's measured peak (198 MiB), the limit 1.3x
     * above the MCP fallback's (324 MiB; deploy/laptop/README.md).
     */
    @ParameterizedTest
    @ValueSource(strings = {"eks-irsa", "eks-pod-identity", "generic-s3"})
    void jvmComponentBoundsTheJvm(String overlay) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "kustomize-jvm-" + overlay));
        try {
            Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - ../../deploy/k8s/overlays/" + overlay
                    + "\ncomponents:\n  - ../../deploy/k8s/components/jvm\n");
            Container sidecar = sidecar(YAML.treeToValue(only(renderPath(dir.toString()), "Deployment"),
                    Deployment.class));
            assertEquals("akosha-sync:jvm", sidecar.getImage());
            Map<String, EnvVar> env = sidecar.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
            assertEquals("-XX:+UseSerialGC", env.get("GC_CONTAINER_OPTIONS").getValue());
            String options = env.get("JAVA_OPTS_APPEND").getValue();
            String dockerfile = Files.readString(Path.of("deploy/docker/Dockerfile.jvm"));
            for (String option : options.split(" ")) {
                assertTrue(dockerfile.contains(option), option + " as in Dockerfile.jvm");
            }
            assertTrue(options.contains("-Xmx64m") && options.contains("-XX:+ExitOnOutOfMemoryError"), options);
            long request = Quantity.getAmountInBytes(sidecar.getResources().getRequests().get("memory")).longValue();
            long limit = Quantity.getAmountInBytes(sidecar.getResources().getLimits().get("memory")).longValue();
            long cloudPeak = 198L << 20;
            long fallbackPeak = 324L << 20;
            assertTrue(cloudPeak < request && request < limit && limit >= fallbackPeak * 13 / 10, request + " " + limit);
            assertEquals("/q/health/started", sidecar.getStartupProbe().getHttpGet().getPath());
            assertTrue(sidecar.getStartupProbe().getFailureThreshold() * sidecar.getStartupProbe().getPeriodSeconds()
                    >= 60, "the JVM's start fits the startup probe");
            assertEquals("Always", sidecar.getRestartPolicy());
        } finally {
            Files.deleteIfExists(dir.resolve("kustomization.yaml"));
            Files.deleteIfExists(dir);
        }
    }

    private static Container sidecar(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getInitContainers().stream()
                .filter(c -> c.getName().equals("akosha-sync")).findFirst().orElseThrow();
    }

    private static List<JsonNode> render(String overlay) throws Exception {
        return renderPath("deploy/k8s/overlays/" + overlay);
    }

    private static List<JsonNode> renderPath(String path) throws Exception {
        assumeTrue(new ProcessBuilder("sh", "-c", "command -v kubectl").start().waitFor() == 0,
                "kubectl is not installed");
        Process p = new ProcessBuilder("kubectl", "kustomize", path)
                .redirectErrorStream(true).start();
        String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, yaml);
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        return docs;
    }

    private static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> matching = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertEquals(1, matching.size(), "one " + kind);
        return matching.get(0);
    }
}
