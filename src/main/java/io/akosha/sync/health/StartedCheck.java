package io.akosha.sync.health;

import io.akosha.sync.pipeline.Recovery;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the journal is replayed and every pending sync is back in the pipeline. */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    private final Recovery recovery;

    public StartedCheck(Recovery recovery) {
        this.recovery = recovery;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("journal-recovered").status(recovery.done()).build();
    }
}
