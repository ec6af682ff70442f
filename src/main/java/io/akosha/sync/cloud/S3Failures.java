package io.akosha.sync.cloud;

import io.akosha.sync.store.DestinationRejectedException;
import io.akosha.sync.store.DestinationUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Set;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sorts S3 failures, for the S3 client's retries of one request ({@link RequestRetries}) and for the
 * fault-tolerance layer: unreachable (connection refused, unknown host, connect timeout) and refused for good (403,
 * NoSuchBucket, other 4xx, 501 NotImplemented) are never sent again and go to the fallback at once, without counting
 * against the circuit breaker; everything else (other 5xx, throttling, 408 and request timeouts, resets, read
 * timeouts) is transient. A transient failure's message carries status and error code only; a refusal's also the
 * store's own message, redacted and cut short ({@link Refusals}). Never a request id, signature or key.
 */
final class S3Failures {

    private static final Logger LOG = Logger.getLogger(S3Failures.class);
    private static final int NOT_IMPLEMENTED = 501;
    private static final Set<String> THROTTLING = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestLimitExceeded", "TooManyRequests", "TooManyRequestsException");

    private S3Failures() {
    }

    static IOException classify(SdkException e) {
        return classify(e, null);
    }

    /** @param bucket the bucket the request went to, named when the store says it does not exist (may be null) */
    static IOException classify(SdkException e, String bucket) {
        if (e instanceof AwsServiceException aws) {
            String code = code(aws);
            if (transientFailure(e)) {
                return new IOException("storage answered HTTP " + aws.statusCode()
                        + (code.isEmpty() ? "" : " " + code));
            }
            return new DestinationRejectedException(Refusals.describe(aws, code, bucket), null);
        }
        Throwable unreachable = unreachableCause(e);
        if (unreachable != null) {
            return new DestinationUnavailableException(
                    "storage unreachable (" + unreachable.getClass().getSimpleName() + ")", null);
        }
        LOG.debugf(e, "Storage request failed"); // the SDK's own account (redacted like every log line)
        Throwable cause = e.getCause();
        return new IOException("storage request failed (" + (cause == null ? e.getClass().getSimpleName()
                : cause.getClass().getSimpleName()) + ")");
    }

    /**
     * Worth the same request again: 5xx (but 501 NotImplemented: the store lacks the feature, e.g. server-side
     * encryption), throttling, a request timeout, or a connection reset or read timeout.
     */
    static boolean transientFailure(Throwable e) {
        if (e instanceof AwsServiceException aws) {
            int status = aws.statusCode();
            return status >= 500 && status != NOT_IMPLEMENTED || status == 408 || "RequestTimeout".equals(code(aws))
                    || throttling(e);
        }
        if (!(e instanceof SdkClientException) || unreachableCause(e) != null) {
            return false;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof ClosedByInterruptException
                    || c instanceof InterruptedIOException && !(c instanceof SocketTimeoutException)) {
                return false; // a stop or a timeout of the whole upload: not the store's fault
            }
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The store asks to slow down: 429, 503, or a throttling error code. */
    static boolean throttling(Throwable e) {
        return e instanceof AwsServiceException aws
                && (aws.statusCode() == 429 || aws.statusCode() == 503 || THROTTLING.contains(code(aws)));
    }

    /** The store could not be reached at all (its connection was refused, its name is unknown, or it timed out). */
    private static Throwable unreachableCause(Throwable e) {
        if (!(e instanceof SdkClientException)) {
            return null;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            // the JDK tells a connect timeout from a read timeout by its message only
            boolean connectTimeout = c instanceof SocketTimeoutException && c.getMessage() != null
                    && c.getMessage().startsWith("Connect timed out");
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException || connectTimeout) {
                return c;
            }
        }
        return null;
    }

    private static String code(AwsServiceException aws) {
        // a HEAD answer has no body, hence no error code
        return aws.awsErrorDetails() == null || aws.awsErrorDetails().errorCode() == null ? ""
                : aws.awsErrorDetails().errorCode();
    }
}
