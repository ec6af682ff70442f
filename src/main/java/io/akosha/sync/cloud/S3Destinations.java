package io.akosha.sync.cloud;

import io.akosha.sync.upload.UploadConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.s3.S3Client;

/** Owns the S3 client of the bucket destination and closes it on shutdown. */
@ApplicationScoped
public class S3Destinations {

    private final CloudConfig cloud;
    private final UploadConfig upload;
    private S3Client client;

    public S3Destinations(CloudConfig cloud, UploadConfig upload) {
        this.cloud = cloud;
        this.upload = upload;
    }

    public synchronized S3Destination create() {
        if (client == null) {
            client = S3ClientFactory.create(cloud, upload);
        }
        return new S3Destination(client, cloud.bucket().orElseThrow(), (int) upload.partSize().asLongValue(),
                cloud.checksum() == CloudConfig.PartChecksum.CRC32C);
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
