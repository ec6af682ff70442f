package io.akosha.sync.upload;

import io.akosha.sync.lifecycle.Threads;
import io.akosha.sync.store.ObjectStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The destination of the cloud path: the {@code @Named} {@link ObjectStore} adapter that
 * {@code akosha.destination.type} names (as Debezium Server picks its sink), under the upload pipeline. Also owns
 * the part senders every {@link Destination} shares.
 */
@ApplicationScoped
public class DestinationProducer {

    private final ExecutorService senders = Executors.newCachedThreadPool(Threads.daemons("akosha-part-sender"));
    private final UploadConfig upload;
    private final Instance<ObjectStore> stores;
    private final String type;

    public DestinationProducer(UploadConfig upload, DestinationConfig config, @Any Instance<ObjectStore> stores,
            @ConfigProperty(name = "akosha.cloud.bucket") Optional<String> bucket) {
        this.upload = upload;
        this.stores = stores;
        this.type = config.effectiveType(bucket.isPresent());
    }

    @Produces
    @Singleton
    Destination destination() {
        Instance<ObjectStore> named = stores.select(NamedLiteral.of(type));
        if (!named.isResolvable()) {
            throw new IllegalStateException("akosha.destination.type '" + type + "' is not a destination; use local"
                    + " or s3");
        }
        return over(named.get());
    }

    /** The pipeline over another store (the HTTP fallback's outbox). */
    public Destination over(ObjectStore store) {
        return new Destination(store, (int) upload.partSize().asLongValue(), upload.parts(), senders);
    }

    /**
     * Sets up the store in the background right after start-up (for a bucket, its client and credentials): start-up
     * itself stays short and makes no request, and the first session end does not pay for the set-up.
     */
    void warmUp(@Observes StartupEvent event, Destination destination) {
        senders.execute(destination::name);
    }

    @PreDestroy
    void close() {
        senders.shutdownNow();
    }
}
