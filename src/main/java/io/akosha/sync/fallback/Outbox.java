package io.akosha.sync.fallback;

import io.akosha.sync.local.LocalStore;
import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.DestinationProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/**
 * Where the HTTP fallback packs a sync before sending it: a local directory laid out like the bucket (same object
 * keys and manifest as the cloud path), written through the same upload pipeline.
 */
@ApplicationScoped
public class Outbox {

    private final DestinationProducer destinations;

    public Outbox(DestinationProducer destinations) {
        this.destinations = destinations;
    }

    public Destination at(Path dir) {
        return destinations.over(new LocalStore(dir));
    }
}
