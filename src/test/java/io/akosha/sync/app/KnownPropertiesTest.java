package io.akosha.sync.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.api.ApiConfig;
import io.akosha.sync.audit.AuditConfig;
import io.akosha.sync.cloud.CloudConfig;
import io.akosha.sync.compress.CompressionConfig;
import io.akosha.sync.dedup.DedupConfig;
import io.akosha.sync.fallback.FallbackConfig;
import io.akosha.sync.health.HealthConfig;
import io.akosha.sync.ingest.IntakeConfig;
import io.akosha.sync.lifecycle.ModeConfig;
import io.akosha.sync.lifecycle.ShutdownConfig;
import io.akosha.sync.local.LocalConfig;
import io.akosha.sync.mcp.McpConfig;
import io.akosha.sync.pipeline.ParkConfig;
import io.akosha.sync.snapshot.SnapshotConfig;
import io.akosha.sync.snapshot.SourceConfig;
import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.upload.DestinationConfig;
import io.akosha.sync.upload.UploadConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The names start-up checks configuration against, and the words it uses when a value or a name is wrong. */
class KnownPropertiesTest {

    /** Every config mapping of the application (the next test checks the list is complete). */
    static final List<Class<?>> MAPPINGS = List.of(ApiConfig.class, AuditConfig.class, CloudConfig.class,
            CompressionConfig.class, DedupConfig.class, FallbackConfig.class, HealthConfig.class, IntakeConfig.class,
            ModeConfig.class, ShutdownConfig.class, LocalConfig.class, McpConfig.class, ParkConfig.class,
            SnapshotConfig.class, SourceConfig.class, SpoolConfig.class, DestinationConfig.class, UploadConfig.class);

    /** Read through {@code ${...}} in application.properties and {@code @Scheduled}, not through a mapping. */
    static final List<String> BY_EXPRESSION = List.of("akosha.upload.max-in-flight", "akosha.fallback.max-in-flight",
            "akosha.upload.max-retries", "akosha.park.check-interval", "akosha.cloud.abort-retry-interval");

    private final KnownProperties known = new KnownProperties();

    @Test
    void theListIsTheMappingsProperties() throws IOException {
        Set<String> expected = new TreeSet<>(BY_EXPRESSION);
        for (Class<?> mapping : MAPPINGS) {
            expected.addAll(ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping)).keySet());
        }
        if (!expected.equals(known.names())) {
            Path candidate = Path.of("target", "akosha-sync-properties.txt");
            Files.writeString(candidate, "# every akosha.* property (KnownPropertiesTest checks it against the config"
                    + " mappings)\n" + String.join("\n", expected) + "\n");
            assertEquals(expected, known.names(), "src/main/resources" + KnownProperties.RESOURCE
                    + " is not the mappings' properties; " + candidate + " is what it should be");
        }
    }

    @Test
    void listsEveryConfigMappingOfTheApplication() throws IOException {
        Path classes = Path.of("target", "classes");
        Set<String> mappings;
        try (Stream<Path> files = Files.walk(classes)) {
            mappings = files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(name -> name.startsWith("io.akosha.sync.")).map(KnownPropertiesTest::load)
                    .filter(c -> c.isAnnotationPresent(ConfigMapping.class)).map(Class::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(mappings, MAPPINGS.stream().map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void knowsNamesInBothForms() {
        for (String name : List.of("akosha.cloud.bucket", "AKOSHA_CLOUD_BUCKET", "akosha.upload.part-size",
                "AKOSHA_UPLOAD_PART_SIZE", "akosha.upload.max-in-flight", "AKOSHA_SYNC_URL", "akosha.extra-dirs",
                "akosha.health.min-free-space", "AKOSHA_FALLBACK_MCP_BATCH_SIZE")) {
            assertTrue(known.knows(name), name);
        }
        assertFalse(known.knows("AKOSHA_CLOUD_BUCKT"));
        assertFalse(known.knows("akosha.uplod.part-size"));
    }

    @Test
    void namesTheClosestInTheFormItWasGiven() {
        assertEquals(Optional.of("AKOSHA_CLOUD_BUCKET (akosha.cloud.bucket)"), known.closest("AKOSHA_CLOUD_BUCKT"));
        assertEquals(Optional.of("akosha.upload.part-size"), known.closest("akosha.uplod.part-size"));
        assertEquals(Optional.empty(), known.closest("akosha.something-else-entirely"));
    }

    @Test
    void warnsOnceForAVariableTheEnvironmentAlsoGivesAsADottedName() {
        assertEquals(List.of("Unknown configuration AKOSHA_CLOUD_BUCKT is ignored; did you mean AKOSHA_CLOUD_BUCKET"
                + " (akosha.cloud.bucket)?"), ConfigReport.unknownNames(List.of("AKOSHA_CLOUD_BUCKT",
                        "akosha.cloud.buckt", "AKOSHA_CLOUD_BUCKET", "akosha.cloud.bucket", "quarkus.http.port")));
    }

    @Test
    void conversionErrorsBecomeOneLineEachWithoutTheValue() {
        String quarkus = "Configuration validation failed:\n"
                + "\tjava.lang.IllegalArgumentException: SRCFG00039: The config property akosha.compression with the"
                + " config value \"zip\" threw an Exception whilst being converted SRCFG00049: Cannot convert zip to"
                + " enum class io.akosha.sync.compress.Compression, allowed values: zstd,gzip,none\n"
                + "\tjava.lang.IllegalArgumentException: SRCFG00039: The config property akosha.upload.part-size with"
                + " the config value \"lots\" threw an Exception whilst being converted value lots not in correct"
                + " format (regular expression): [0-9]+[BbKkMmGgTtPpEeZzYy]?\n"
                + "\tjava.lang.IllegalArgumentException: SRCFG00039: The config property akosha.snapshot.busy-retry-delay"
                + " with the config value \"soon\" threw an Exception whilst being converted"
                + " java.time.format.DateTimeParseException: Text cannot be parsed to a Duration\n"
                + "\tSRCFG00050: akosha.uplod.part-size in SysPropConfigSource does not map to any root";
        assertEquals("Configuration validation failed:\n"
                + "\takosha.compression (AKOSHA_COMPRESSION): must be one of zstd, gzip, none\n"
                + "\takosha.upload.part-size (AKOSHA_UPLOAD_PART_SIZE): must be a size: a whole number of bytes, or"
                + " with a unit K, M, G or T (e.g. 512K, 8M, 1G)\n"
                + "\takosha.snapshot.busy-retry-delay (AKOSHA_SNAPSHOT_BUSY_RETRY_DELAY): must be a duration: a number"
                + " with ms, s, m, h or d (e.g. 500ms, 30s, 5m), or ISO-8601 (PT30S)\n"
                + "\takosha.uplod.part-size (set in SysPropConfigSource): no such property; did you mean"
                + " akosha.upload.part-size?", ConfigErrors.explain(quarkus));
        assertEquals("other text", ConfigErrors.explain("other text"));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, KnownPropertiesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
