package io.akosha.sync.fallback;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * One HTTP request at a time per call, body and answer streamed under an {@link IdleWatch}: an exchange is cut only
 * when no byte moved in either direction for the idle timeout, never because it takes long. The I/O runs on Vert.x's
 * event loop without blocking it (files are read through Vert.x's non-blocking files); the caller waits on its own
 * thread, which must not be a Vert.x thread. Failures say what happened ({@link IngestFailedException},
 * {@link NoProgressException}).
 */
public final class StreamingHttp implements AutoCloseable {

    /** Answer bodies kept by default (status details only): more is counted as progress and dropped. */
    public static final int MAX_ANSWER = 64 * 1024;

    /** The answer: status, headers and (the first {@code maxAnswer} bytes of) the body. */
    public record Answer(int status, MultiMap headers, Buffer body) {
    }

    private final Vertx vertx;
    private final URI base;
    private final Duration connectTimeout;
    private final Duration idle;
    private final int maxAnswer;
    private final HttpClient client;

    public StreamingHttp(Vertx vertx, URI base, Duration connectTimeout, Duration idle) {
        this(vertx, base, connectTimeout, idle, MAX_ANSWER);
    }

    /** {@code maxAnswer}: how much of an answer's body is kept (an MCP tool result is read whole). */
    public StreamingHttp(Vertx vertx, URI base, Duration connectTimeout, Duration idle, int maxAnswer) {
        this.vertx = vertx;
        this.maxAnswer = maxAnswer;
        this.base = base;
        this.connectTimeout = connectTimeout;
        this.idle = idle;
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(tls).setVerifyHost(true)
                .setDefaultHost(base.getHost()).setDefaultPort(base.getPort() > 0 ? base.getPort() : tls ? 443 : 80)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setKeepAlive(false)); // one connection per upload: no stale pooled connection to trip over
    }

    /** POSTs {@code body} to {@code path} (under the base URL's path) and waits for the whole answer. */
    public Answer post(String path, Map<String, String> headers, StreamedBody body) throws IOException {
        IdleWatch watch = new IdleWatch(vertx, idle, body.length());
        AtomicReference<HttpClientRequest> current = new AtomicReference<>();
        String uri = (base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "")) + path;
        Future<Answer> exchange = client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(uri))
                .compose(request -> {
                    current.set(request);
                    // a failure (a cut by the idle watch, a reset) fails the answer and the body's end, where it is
                    // handled; without a handler Vert.x would also log each one as an error with its stack trace
                    request.exceptionHandler(failure -> { });
                    headers.forEach(request::putHeader);
                    request.putHeader(HttpHeaders.CONTENT_TYPE, body.contentType());
                    request.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(body.length()));
                    watch.start(cut -> request.reset(0, cut));
                    Future<Answer> answer = request.response().compose(response -> {
                        Buffer kept = Buffer.buffer();
                        response.handler(chunk -> {
                            watch.received(chunk.length());
                            if (kept.length() < maxAnswer) {
                                kept.appendBuffer(chunk);
                            }
                        });
                        return response.end().map(v -> new Answer(response.statusCode(), response.headers(), kept));
                    });
                    body.writeTo(vertx, new Counting(request, watch)).compose(v -> request.end())
                            .onFailure(e -> request.reset(0, e));
                    // answered before the body was all sent (a 401, a 413): stop sending
                    answer.onComplete(done -> request.reset(0));
                    return answer;
                });
        exchange.onComplete(done -> watch.stop());
        try {
            return exchange.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            HttpClientRequest request = current.get();
            if (request != null) {
                request.reset(0);
            }
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while sending to Akosha ingestion");
        } catch (ExecutionException e) {
            throw failure(e.getCause(), watch);
        }
    }

    private IOException failure(Throwable cause, IdleWatch watch) {
        if (watch.fired()) {
            return watch.failure();
        }
        if (cause instanceof NoProgressException known) {
            return known;
        }
        if (cause instanceof ConnectTimeoutException) {
            return new IngestFailedException("Akosha ingestion unreachable: connect timed out after "
                    + connectTimeout.toMillis() + " ms");
        }
        if (cause instanceof ConnectException) {
            return new IngestFailedException("Akosha ingestion unreachable: connection refused");
        }
        if (cause instanceof UnknownHostException) {
            return new IngestFailedException("Akosha ingestion unreachable: unknown host");
        }
        if (cause instanceof SSLException) {
            return new IngestFailedException("Akosha ingestion unreachable: TLS failed ("
                    + cause.getClass().getSimpleName() + ")");
        }
        if (watch.sent() < watch.total()) {
            return new IngestFailedException("connection to Akosha ingestion lost while sending after "
                    + IdleWatch.megabytes(watch.sent()) + " of " + IdleWatch.megabytes(watch.total()) + " ("
                    + cause.getClass().getSimpleName() + ")");
        }
        return new IngestFailedException("connection to Akosha ingestion lost waiting for the answer ("
                + cause.getClass().getSimpleName() + ")");
    }

    @Override
    public void close() {
        client.close();
    }

    /** The request as a stream that reports every write the connection took as progress. */
    private record Counting(WriteStream<Buffer> to, IdleWatch watch) implements WriteStream<Buffer> {

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            to.exceptionHandler(handler);
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            return to.write(data).onSuccess(v -> watch.sent(data.length()));
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            write(data).onComplete(handler);
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            to.end(handler);
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            to.setWriteQueueMaxSize(maxSize);
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return to.writeQueueFull();
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            to.drainHandler(handler);
            return this;
        }
    }
}
