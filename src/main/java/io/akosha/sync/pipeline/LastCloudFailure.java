package io.akosha.sync.pipeline;

import io.akosha.sync.sync.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The (sanitised) cause of the last cloud upload attempt that counted against the circuit breaker, so that a sync
 * turned away by the open breaker says why it opened, not only that it is open.
 */
@ApplicationScoped
public class LastCloudFailure {

    private final AtomicReference<String> last = new AtomicReference<>();

    void record(Throwable failure) {
        last.set(Failures.describe(failure));
    }

    Optional<String> describe() {
        return Optional.ofNullable(last.get());
    }
}
