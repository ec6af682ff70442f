package io.akosha.sync.cloud;

import io.akosha.sync.audit.Audit;
import io.akosha.sync.upload.UploadConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;

/** Owns the S3 client of the bucket destination, re-tries failed aborts, and closes both on shutdown. */
@ApplicationScoped
public class S3Destinations {

    private final CloudConfig cloud;
    private final UploadConfig upload;
    private final Audit audit;
    private RefreshableCredentials credentials;
    private S3Client client;
    private S3Destination destination;
    private ScheduledExecutorService aborts;

    public S3Destinations(CloudConfig cloud, UploadConfig upload, Audit audit) {
        this.cloud = cloud;
        this.upload = upload;
        this.audit = audit;
    }

    /**
     * Builds the client in the background right after start-up: start-up itself stays short, makes no S3
     * call, and the first session end does not pay for the SDK's set-up (fast-fallback budget).
     */
    void onStart(@Observes StartupEvent event) {
        if (cloud.hasBucket()) {
            Thread warmUp = new Thread(this::get, "akosha-s3-setup");
            warmUp.setDaemon(true);
            warmUp.start();
        }
    }

    public synchronized S3Destination get() {
        if (destination == null) {
            credentials = CloudCredentials.create(cloud, audit);
            client = S3ClientFactory.create(cloud, upload, credentials);
            destination = new S3Destination(client, cloud.bucket().orElseThrow(),
                    (int) upload.partSize().asLongValue(), cloud.checksum() == CloudConfig.PartChecksum.CRC32C,
                    upload.parallelParts());
            aborts = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "akosha-abort-retry");
                t.setDaemon(true);
                return t;
            });
            long every = cloud.abortRetryInterval().toMillis();
            aborts.scheduleWithFixedDelay(destination::retryPendingAborts, every, every, TimeUnit.MILLISECONDS);
        }
        return destination;
    }

    @PreDestroy
    synchronized void close() {
        if (destination != null) {
            destination.shutdown();
        }
        if (aborts != null) {
            aborts.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
        if (credentials != null) {
            credentials.close();
        }
    }
}
