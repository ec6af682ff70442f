package io.akosha.sync.local;

import io.akosha.sync.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;

/** The {@code local} destination ({@code akosha.destination.type=local}): the directory of {@code akosha.local.dir}. */
@ApplicationScoped
public class LocalStoreProducer {

    @Produces
    @ApplicationScoped
    @Named("local")
    ObjectStore local(LocalConfig config) {
        return new LocalStore(config.dir());
    }
}
