package io.akosha.sync.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** Fresh data, spool and local-destination directories; no bucket, so the local destination is used. */
public class LocalDirResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path work = Path.of("target", "test-work", "local-" + UUID.randomUUID()).toAbsolutePath();
            return Map.of(
                    "akosha.data-dir", Files.createDirectories(work.resolve("data")).toString(),
                    "akosha.spool-dir", work.resolve("spool").toString(),
                    "akosha.local.dir", work.resolve("store").toString(),
                    "akosha.system-id", "local-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // the directories stay under target/ for inspection
    }
}
