package io.akosha.sync.fallback;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * One HTTP request at a time per call, body and answer streamed under an {@link IdleWatch}: an exchange is cut only
 * when no byte moved in either direction for the idle timeout, never because it takes long. The I/O runs on Vert.x's
 * event loop without blocking it; the body is written, and the answer awaited, by the caller's own thread, which must
 * not be a Vert.x thread. Failures say what happened ({@link IngestFailedException},
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

    /**
     * POSTs {@code body} to {@code path} (under the base URL's path) and waits for the whole answer. The body is
     * written by the calling thread while it is sent ({@link RequestStream}); a body of unknown length goes chunked.
     * An answer that comes before the end of the body (a 401, a 413) stops the body and is returned. A failure of
     * the body's own (a staged file unreadable, the sidecar stopping) resets the request and is thrown as it is.
     */
    public Answer post(String path, Map<String, String> headers, StreamedBody body) throws IOException {
        IdleWatch watch = new IdleWatch(vertx, idle, body.length());
        String uri = (base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "")) + path;
        Promise<Answer> answer = Promise.promise();
        Future<HttpClientRequest> connecting = client.request(new RequestOptions().setMethod(HttpMethod.POST)
                .setURI(uri));
        HttpClientRequest request;
        try {
            request = await(connecting);
        } catch (InterruptedException e) {
            connecting.onSuccess(late -> late.reset(0)); // a connection that comes after all is not left open
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while connecting to Akosha ingestion");
        } catch (ExecutionException e) {
            throw failure(e.getCause(), watch);
        }
        try {
            // a failure (a cut by the idle watch, a reset) fails the answer, where it is handled; without a handler
            // Vert.x would also log each one as an error with its stack trace
            request.exceptionHandler(failure -> { });
            headers.forEach(request::putHeader);
            request.putHeader(HttpHeaders.CONTENT_TYPE, body.contentType());
            if (body.length() >= 0) {
                request.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(body.length()));
            } else {
                request.setChunked(true);
            }
            watch.start(cut -> request.reset(0, cut));
            request.response().compose(response -> {
                Buffer kept = Buffer.buffer();
                response.handler(chunk -> {
                    watch.received(chunk.length());
                    if (kept.length() < maxAnswer) {
                        kept.appendBuffer(chunk);
                    }
                });
                return response.end().map(v -> new Answer(response.statusCode(), response.headers(), kept));
            }).onComplete(answer);
            // answered before the body was all sent: stop sending
            answer.future().onComplete(done -> request.reset(0));
            RequestStream out = new RequestStream(request, watch, answer.future());
            try {
                body.writeTo(out);
                out.close();
            } catch (RequestStream.Stopped stopped) {
                // the exchange is over: its answer or its failure says how
            } catch (IOException | RuntimeException e) {
                request.reset(0, e);
                throw e;
            }
            return await(answer.future());
        } catch (InterruptedException | InterruptedIOException e) {
            request.reset(0);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while sending to Akosha ingestion");
        } catch (ExecutionException e) {
            throw failure(e.getCause(), watch);
        } finally {
            watch.stop();
        }
    }

    private static <T> T await(Future<T> future) throws InterruptedException, ExecutionException {
        return future.toCompletionStage().toCompletableFuture().get();
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
        if (watch.sending()) {
            return new IngestFailedException("connection to Akosha ingestion lost while sending after "
                    + watch.progress() + " (" + cause.getClass().getSimpleName() + ")");
        }
        return new IngestFailedException("connection to Akosha ingestion lost waiting for the answer ("
                + cause.getClass().getSimpleName() + ")");
    }

    @Override
    public void close() {
        client.close();
    }
}
