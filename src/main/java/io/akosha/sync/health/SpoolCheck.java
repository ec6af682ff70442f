package io.akosha.sync.health;

import io.akosha.sync.spool.SpoolConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the journal's directory takes a durable write and has room for snapshots. */
@Readiness
@ApplicationScoped
public class SpoolCheck implements HealthCheck {

    private final SpoolConfig spool;
    private final HealthConfig config;

    public SpoolCheck(SpoolConfig spool, HealthConfig config) {
        this.spool = spool;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("spool");
        Path dir = spool.spoolDir();
        try {
            Path probe = dir.resolve(".health-probe");
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(new byte[] {1}));
                ch.force(true);
            }
            Files.delete(probe);
        } catch (IOException e) {
            return response.down().withData("journal", "not writable").build();
        }
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            response.withData("free_bytes", free);
            if (free < config.minFreeSpace().asLongValue()) {
                return response.down().withData("staging", "less free space than akosha.health.min-free-space")
                        .build();
            }
        } catch (IOException e) {
            return response.down().withData("staging", "free space unknown").build();
        }
        return response.up().build();
    }
}
