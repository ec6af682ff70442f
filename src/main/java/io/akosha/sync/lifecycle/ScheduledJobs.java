package io.akosha.sync.lifecycle;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Lets the scheduler's jobs (re-drives, orphan sweeps) fire only once the sidecar has started: the scheduler starts
 * halted ({@code quarkus.scheduler.start-mode=halted}) and is resumed after every other start-up step. A start-up
 * that fails (a bad configuration, a spool held by another process) never runs a job, so nothing fires while the
 * container is going down; a command ({@code list}, {@code verify}, {@code restore}) never runs one either.
 */
@ApplicationScoped
class ScheduledJobs {

    void resume(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event, Scheduler scheduler,
            ModeConfig mode) {
        if (!mode.commandMode()) {
            scheduler.resume();
        }
    }
}
