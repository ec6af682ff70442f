package io.akosha.sync.fallback;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A request body as a blocking {@link OutputStream}, for the caller's thread: every write is copied into Vert.x
 * buffers of at most 64 KiB and handed to the connection, and the writer waits while more than
 * {@value #MAX_PENDING} bytes are not on the socket yet, so memory stays flat however fast the writer is and however
 * slowly the receiver reads. Each write the socket took counts as progress for the {@link IdleWatch}. Once the
 * exchange is over (the watch cut it, the connection failed, or the receiver answered before the end of the body) a
 * write fails with {@link Stopped}; the exchange's own outcome says why.
 */
final class RequestStream extends OutputStream {

    private static final int SLICE = 64 * 1024;
    private static final int MAX_PENDING = 512 * 1024;
    /** How often a waiting writer looks whether the exchange is over (a reset completes no pending write). */
    private static final long POLL_MILLIS = 100;

    /** The exchange is over: nothing more can be sent. */
    static final class Stopped extends IOException {
        Stopped() {
            super("the request was stopped");
        }
    }

    private final HttpClientRequest request;
    private final IdleWatch watch;
    private final Future<?> over;
    private final Object lock = new Object();
    private long pending;
    private volatile boolean failed;

    /** {@code over}: completes when the exchange is over (its answer, or its failure). */
    RequestStream(HttpClientRequest request, IdleWatch watch, Future<?> over) {
        this.request = request;
        this.watch = watch;
        this.over = over;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int at = off;
        int left = len;
        while (left > 0) {
            int n = Math.min(left, SLICE);
            awaitRoom();
            synchronized (lock) {
                pending += n;
            }
            request.write(Buffer.buffer(Arrays.copyOfRange(b, at, at + n))).onComplete(done -> {
                if (done.succeeded()) {
                    watch.sent(n);
                } else {
                    failed = true;
                }
                synchronized (lock) {
                    pending -= n;
                    lock.notifyAll();
                }
            });
            at += n;
            left -= n;
        }
    }

    /** Ends the request (the last chunk); the answer is awaited by the caller. */
    @Override
    public void close() throws IOException {
        check();
        request.end().onSuccess(v -> watch.bodySent());
    }

    private void awaitRoom() throws IOException {
        check();
        synchronized (lock) {
            while (pending > MAX_PENDING) {
                try {
                    lock.wait(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending");
                }
                check();
            }
        }
    }

    private void check() throws Stopped {
        if (failed || over.isComplete()) {
            throw new Stopped();
        }
    }
}
