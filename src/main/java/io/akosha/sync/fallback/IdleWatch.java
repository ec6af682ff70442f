package io.akosha.sync.fallback;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The no-progress rule of one HTTP exchange: it fails when no byte was sent or received for the idle timeout,
 * however long the exchange takes while bytes flow. Fed by whatever moves the bytes ({@link #sent}, {@link #received});
 * a Vert.x timer checks it. Knows how far the request got, so the failure says what happened.
 */
public final class IdleWatch {

    private final Vertx vertx;
    private final Duration idle;
    private final long total;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile boolean bodySent;
    private volatile long lastProgress = System.nanoTime();
    private volatile long timer = -1;

    /** {@code total}: the request body's length, -1 when it is sent chunked (said in the failure when known). */
    public IdleWatch(Vertx vertx, Duration idle, long total) {
        this.vertx = vertx;
        this.idle = idle;
        this.total = total;
    }

    /** Starts watching; {@code onIdle} is called once, on a Vert.x thread, when the rule is broken. */
    public void start(Consumer<NoProgressException> onIdle) {
        lastProgress = System.nanoTime();
        long every = Math.max(50, Math.min(1000, idle.toMillis() / 4));
        timer = vertx.setPeriodic(every, id -> {
            if (System.nanoTime() - lastProgress >= idle.toNanos() && fired.compareAndSet(false, true)) {
                stop();
                onIdle.accept(failure());
            }
        });
    }

    public void stop() {
        long t = timer;
        if (t >= 0) {
            vertx.cancelTimer(t);
        }
    }

    public void sent(long bytes) {
        sent.addAndGet(bytes);
        lastProgress = System.nanoTime();
    }

    public void received(long bytes) {
        received.addAndGet(bytes);
        lastProgress = System.nanoTime();
    }

    /** The request's body was sent whole: from now on the exchange waits for (or reads) the answer. */
    public void bodySent() {
        bodySent = true;
    }

    public long sent() {
        return sent.get();
    }

    public boolean sending() {
        return !bodySent;
    }

    /** How far the body got: {@code 3.2 MB}, or {@code 3.2 MB of 40.0 MB} when its length is known. */
    public String progress() {
        return megabytes(sent.get()) + (total >= 0 ? " of " + megabytes(total) : "");
    }

    /** Whether the rule was broken (the exchange's own failure is then a consequence of cutting it). */
    public boolean fired() {
        return fired.get();
    }

    /** What broke the rule, in the words of the phase the exchange was in. */
    public NoProgressException failure() {
        String quiet = "no progress for " + idle.toSeconds() + " s";
        if (!bodySent) {
            return new NoProgressException("timed out while sending after " + progress() + ": " + quiet);
        }
        if (received.get() == 0) {
            return new NoProgressException("timed out waiting for the answer after sending "
                    + megabytes(sent.get()) + ": " + quiet);
        }
        return new NoProgressException("timed out while receiving the answer: " + quiet);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
