package io.akosha.sync.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Graceful stop on SIGTERM: new session ends are refused (503 with Retry-After, the session tool tries again
 * later), no new sync work starts, work in progress stops at its next chunk boundary while a part or request
 * already on the wire completes, and the stop waits up to {@code akosha.shutdown.grace} for that. Progress is in
 * the journal, so the next start resumes where this one stopped.
 */
@ApplicationScoped
public class Shutdown {

    private static final Logger LOG = Logger.getLogger(Shutdown.class);

    private final ShutdownConfig config;
    private final Object lock = new Object();
    private volatile boolean stopping;
    private int inFlight;

    public Shutdown(ShutdownConfig config) {
        this.config = config;
    }

    /** Runs before the other shutdown observers: beans and channels are still there while work drains. */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping = true;
        long deadline = System.nanoTime() + config.grace().toNanos();
        synchronized (lock) {
            if (inFlight > 0) {
                LOG.infof("Stopping: waiting up to %s for %d sync(s) to reach a safe point", config.grace(), inFlight);
            }
            long left;
            while (inFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (inFlight > 0) {
                LOG.warnf("Stopping with %d sync(s) still in progress after %s; they resume at the next start",
                        inFlight, config.grace());
            }
        }
    }

    public boolean stopping() {
        return stopping;
    }

    /** Throws when the sidecar is stopping: called between chunks, never in the middle of a request. */
    public void checkRunning() throws ShuttingDownException {
        if (stopping) {
            throw new ShuttingDownException();
        }
    }

    /** Starts a unit of sync work; false when the sidecar is stopping (the work is left for the next start). */
    public boolean enter() {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    public void exit() {
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
    }
}
