package io.akosha.sync.e2e;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.LocalDirResource;
import io.akosha.sync.support.UploadVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The same scenario against the local-directory destination (no bucket configured). */
@QuarkusTest
@QuarkusTestResource(value = LocalDirResource.class, restrictToAnnotatedClass = true)
class LocalEndToEndTest {

    @ConfigProperty(name = "akosha.data-dir")
    Path dataDir;

    @ConfigProperty(name = "akosha.local.dir")
    Path store;

    @Test
    void deliversDuckDbFilesToTheLocalDirectoryManifestLast() throws Exception {
        Path reflection = dataDir.resolve("reflection.duckdb");
        DuckDb.create(reflection, 40_000);
        Path graph = dataDir.resolve("knowledge_graph.duckdb");
        try (Connection live = DuckDb.withLiveWal(graph, 25_000);
                DuckDb.Writer writer = new DuckDb.Writer(dataDir.resolve("activity.duckdb"), 5_000)) {
            // no files named: the configured defaults (reflection.duckdb, knowledge_graph.duckdb) are taken
            String syncId = endSession("local-e2e-1", "{\"conversation_count\":3}");
            JsonNode sync = awaitDelivered(syncId, Duration.ofSeconds(60));
            assertEquals("local", sync.get("delivered_via").asText());

            Path restore = Files.createTempDirectory("restore-local");
            JsonNode manifest = UploadVerifier.verify(UploadVerifier.directory(store), sync, restore);
            assertEquals(3, manifest.get("conversation_count").asInt());
            assertEquals(DuckDb.fingerprint(reflection, "reflections"),
                    DuckDb.fingerprint(restore.resolve("reflection.duckdb"), "reflections"));
            assertEquals(25_000, DuckDb.count(restore.resolve("knowledge_graph.duckdb"), "entities"));

            Path uploadDir = store.resolve(sync.get("manifest_key").asText()).getParent();
            List<Path> objects;
            try (Stream<Path> list = Files.list(uploadDir)) {
                objects = list.toList();
            }
            assertTrue(objects.stream().noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                    "no temporary files left: " + objects);
            FileTime manifestTime = Files.getLastModifiedTime(uploadDir.resolve("manifest.json"));
            for (Path object : objects) {
                assertTrue(Files.getLastModifiedTime(object).compareTo(manifestTime) <= 0,
                        object + " written after the manifest");
            }
        }
    }
}
