package io.akosha.sync.upload;

import io.akosha.sync.cloud.CloudConfig;
import io.akosha.sync.cloud.S3Destinations;
import io.akosha.sync.local.LocalConfig;
import io.akosha.sync.local.LocalDestination;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The bucket when {@code akosha.cloud.bucket} is set, else the local directory. */
@ApplicationScoped
public class DestinationProducer {

    @Produces
    @ApplicationScoped
    Destination destination(CloudConfig cloud, LocalConfig local, S3Destinations s3) {
        if (cloud.hasBucket()) {
            return s3.get();
        }
        return new LocalDestination(local.dir());
    }
}
