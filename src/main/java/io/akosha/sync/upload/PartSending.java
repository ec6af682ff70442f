package io.akosha.sync.upload;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The parts of one object on the wire: at most {@code parallel} at once (each holds a part buffer, so memory stays
 * bounded), run by the destination's senders; the first failure is kept and thrown to the writer.
 */
final class PartSending {

    private final ExecutorService senders;
    private final Semaphore slots;
    private final List<Future<?>> sending = new ArrayList<>();
    private IOException failure;

    PartSending(ExecutorService senders, int parallel) {
        this.senders = senders;
        this.slots = new Semaphore(parallel);
    }

    /** Waits for a free slot, then sends in the background. */
    void submit(int number, Send send) throws IOException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while waiting to send part " + number);
        }
        sending.add(senders.submit(() -> {
            try {
                send.run();
            } catch (IOException | RuntimeException e) {
                failed(e);
            } finally {
                slots.release();
            }
        }));
    }

    synchronized void checkFailure() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    private synchronized void failed(Exception e) {
        if (failure == null) {
            failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Waits for every part on the wire and throws the first failure; an interrupt ends the wait. */
    void awaitAll() throws IOException {
        if (waitFor(true)) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while parts were being sent");
        }
        checkFailure();
    }

    /**
     * Waits for every part on the wire, through an interrupt: a part on the wire completes and its confirmation
     * reaches the progress log (bounded by the request's own timeouts), then the interrupt is restored. The stop
     * can interrupt a worker before the application hears of it (the native executable does so at once), and a
     * wait cut short let the process exit with parts half sent, sent again at the next start.
     */
    void awaitQuietly() {
        if (waitFor(false)) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns whether the waiting thread was interrupted. */
    private boolean waitFor(boolean interruptible) {
        boolean interrupted = false;
        for (Future<?> f : sending) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    if (interruptible) {
                        return true;
                    }
                    interrupted = true;
                } catch (ExecutionException e) {
                    failed(e);
                    break;
                }
            }
        }
        sending.clear();
        return interrupted;
    }

    /** One part's request. */
    @FunctionalInterface
    interface Send {
        void run() throws IOException;
    }
}
