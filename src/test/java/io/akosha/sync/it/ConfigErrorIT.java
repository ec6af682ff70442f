package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad configuration stops the packaged sidecar at start-up: exit code non-zero, one message naming the property. */
class ConfigErrorIT {

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "akosha.data-dir|/nonexistent/akosha-data|akosha.data-dir",
        "akosha.cloud.endpoint|ht tp://bad endpoint|akosha.cloud.endpoint",
        "akosha.cloud.endpoint|minio.local:9000|akosha.cloud.endpoint",
        "akosha.upload.part-size|1M|akosha.upload.part-size",
        "akosha.compression|brotli|akosha.compression",
        "akosha.system-id|no/slashes|akosha.system-id",
        "akosha.cloud.bucket|Not_A_Bucket|akosha.cloud.bucket",
        "akosha.fallback.url|http://akosha.example.com|akosha.fallback.url",
        "akosha.fallback.url|http://127.0.0.1:9|allow-insecure-loopback",
        "akosha.fallback.mcp.batch-size|5000|akosha.fallback.mcp.batch-size",
        "akosha.fallback.mcp.batch-bytes|16M|akosha.fallback.mcp.batch-bytes",
        "akosha.fallback.protocol|smtp|akosha.fallback.protocol",
        "akosha.cloud.endpoint|http://minio.example.com:9000|akosha.cloud.endpoint: must be https://",
        "akosha.cloud.endpoint|http://127.0.0.1:9000|akosha.cloud.allow-insecure-loopback",
        "akosha.cloud.role-arn|arn:aws:iam::12:user/me|akosha.cloud.role-arn",
        "akosha.cloud.kms-key-id|alias/akosha|akosha.cloud.kms-key-id",
        "akosha.cloud.sse|des|akosha.cloud.sse",
        "akosha.api.rate-limit|lots|akosha.api.rate-limit",
        "akosha.files|../*.duckdb|akosha.files",
        "akosha.files|sub/*.db|akosha.files",
        "akosha.extra-dirs|relative/.session-buddy|akosha.extra-dirs",
    })
    void badValueStopsStartUp(String property, String value, String named) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("akosha.data-dir", Files.createDirectories(work.resolve("data")).toString());
        config.put("akosha.spool-dir", work.resolve("spool").toString());
        config.put("akosha.local.dir", work.resolve("store").toString());
        if (property.startsWith("akosha.cloud.") && !property.equals("akosha.cloud.bucket")) {
            config.put("akosha.cloud.bucket", "akosha-memories");
        }
        config.put(property, value);
        Path log = work.resolve("sidecar.log");
        SidecarProcess sidecar = SidecarProcess.start(log, freePort(), config);
        int exit = sidecar.awaitExit(Duration.ofSeconds(60));
        String output = sidecar.output();
        assertNotEquals(0, exit, output);
        assertTrue(output.contains(named), "message names " + named + ":\n" + output);
        assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
    }

    /** A bad configuration holding secrets: the console output names the problems and prints no secret. */
    @Test
    void secretsOfABadConfigurationAreNotPrinted() throws Exception {
        String keyId = "canary-key-id-1c7e";
        String secret = "canary-secret-9d2a44";
        String fallbackToken = "canary-fallback-6b3f10";
        String apiToken = "canary-api-2e8c57";
        String misplaced = "ghp_canaryMisplaced77"; // a token pasted into settings that are not secret
        Map<String, String> config = new HashMap<>();
        config.put("akosha.data-dir", Files.createDirectories(work.resolve("data")).toString());
        config.put("akosha.spool-dir", work.resolve("spool").toString());
        config.put("akosha.cloud.bucket", "akosha-memories");
        config.put("akosha.cloud.endpoint", "https://admin:" + secret + "@minio.example.com");
        config.put("akosha.cloud.access-key-id", keyId);
        config.put("akosha.fallback.url", "https://akosha:" + fallbackToken + "@akosha.example.com?token=" + fallbackToken);
        config.put("akosha.fallback.token", fallbackToken);
        config.put("akosha.api.token", apiToken);
        config.put("akosha.upload.part-size", "1M");
        Path log = work.resolve("sidecar.log");
        SidecarProcess sidecar = SidecarProcess.start(log, freePort(), config);
        int exit = sidecar.awaitExit(Duration.ofSeconds(60));
        String output = sidecar.output();
        assertNotEquals(0, exit, output);
        assertTrue(output.contains("akosha.cloud.endpoint") && output.contains("akosha.fallback.url")
                && output.contains("akosha.upload.part-size"), output);

        config.put("akosha.api.rate-limit", misplaced);
        config.put("akosha.compression", misplaced + "-2");
        config.put("akosha.upload.part-size", misplaced + "-3");
        SidecarProcess typed = SidecarProcess.start(work.resolve("typed.log"), freePort(), config);
        assertNotEquals(0, typed.awaitExit(Duration.ofSeconds(60)));
        String typedOutput = typed.output();
        assertTrue(typedOutput.contains("akosha.api.rate-limit") && typedOutput.contains("akosha.compression")
                && typedOutput.contains("akosha.upload.part-size"), typedOutput);
        output += typedOutput;
        for (String canary : List.of(keyId, secret, fallbackToken, apiToken, misplaced)) {
            assertFalse(output.contains(canary), "prints " + canary + ":\n" + output);
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
