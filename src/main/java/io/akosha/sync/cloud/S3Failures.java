package io.akosha.sync.cloud;

import io.akosha.sync.upload.DestinationRejectedException;
import io.akosha.sync.upload.DestinationUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sorts S3 failures for the fault-tolerance layer: unreachable and rejected go to the fallback at once,
 * everything else (5xx, throttling, resets, timeouts) is worth a retry. Messages carry status and error
 * code only: no request id, signature or key.
 */
final class S3Failures {

    private S3Failures() {
    }

    static IOException classify(SdkException e) {
        if (e instanceof AwsServiceException aws) {
            int status = aws.statusCode();
            String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            String message = "storage answered HTTP " + status + (code == null ? "" : " " + code);
            boolean transientStatus = status >= 500 || status == 429 || status == 408
                    || "RequestTimeout".equals(code) || "SlowDown".equals(code);
            return transientStatus ? new IOException(message) : new DestinationRejectedException(message, null);
        }
        if (e instanceof SdkClientException) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof ConnectException || c instanceof UnknownHostException
                        || c instanceof NoRouteToHostException) {
                    return new DestinationUnavailableException(
                            "storage unreachable (" + c.getClass().getSimpleName() + ")", null);
                }
            }
        }
        Throwable cause = e.getCause();
        return new IOException("storage request failed (" + (cause == null ? e.getClass().getSimpleName()
                : cause.getClass().getSimpleName()) + ")");
    }
}
