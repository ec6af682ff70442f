package io.akosha.sync.cloud;

import io.akosha.sync.audit.Audit;
import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.store.ObjectStore;
import io.akosha.sync.upload.UploadConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code s3} destination ({@code akosha.destination.type=s3}): the bucket of {@code akosha.cloud.bucket}. Its
 * client and credentials are made on first use and closed on shutdown.
 */
@ApplicationScoped
public class S3StoreProducer {

    private RefreshableCredentials credentials;
    private S3Client client;

    @Produces
    @ApplicationScoped
    @Named("s3")
    synchronized ObjectStore s3(CloudConfig cloud, UploadConfig upload, Audit audit, SyncMetrics metrics) {
        String bucket = cloud.bucket().orElseThrow(() -> new IllegalStateException(
                "akosha.destination.type=s3 needs akosha.cloud.bucket"));
        credentials = CloudCredentials.create(cloud, audit);
        client = S3ClientFactory.create(cloud, upload, credentials, new RetryCounter(metrics));
        return new S3Store(client, bucket, cloud.checksum() == CloudConfig.PartChecksum.CRC32C);
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
        if (credentials != null) {
            credentials.close();
        }
    }
}
