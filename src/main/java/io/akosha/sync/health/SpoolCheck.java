package io.akosha.sync.health;

import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.sync.SyncRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the journal records (its last write reached the disk, or a probe write now does), its directory
 * takes a durable write, and there is room for snapshots. Whether the journal records is known at once; the probe
 * write and the free space are probed at most every {@value #INTERVAL_MILLIS} ms, off the request thread
 * ({@link Refreshing}).
 */
@Readiness
@ApplicationScoped
public class SpoolCheck implements HealthCheck {

    static final long INTERVAL_MILLIS = 1000;

    private final SpoolConfig spool;
    private final HealthConfig config;
    private final SyncRegistry registry;
    private final Refreshing probed = new Refreshing(this::probe, Duration.ofMillis(INTERVAL_MILLIS));

    public SpoolCheck(SpoolConfig spool, HealthConfig config, SyncRegistry registry) {
        this.spool = spool;
        this.config = config;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        if (!registry.recording()) {
            return HealthCheckResponse.named("spool").down()
                    .withData("journal", "cannot record: the last write failed").build();
        }
        return probed.get();
    }

    private HealthCheckResponse probe() {
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
