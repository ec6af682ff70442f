package io.akosha.sync.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.akosha.sync.store.DestinationRejectedException;
import io.akosha.sync.store.DestinationUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 failures go to the fallback at once and which are retried (the SDK's own exception types). */
class S3FailuresTest {

    private static S3Exception answered(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("secret detail").build())
                .message("with request id and signature details").build();
    }

    @Test
    void unreachableStoreIsNotRetried() {
        assertInstanceOf(DestinationUnavailableException.class, S3Failures.classify(SdkClientException.builder()
                .cause(new ConnectException("Connection refused")).build()));
        assertInstanceOf(DestinationUnavailableException.class, S3Failures.classify(SdkClientException.builder()
                .cause(new UnknownHostException("bucket.example.invalid")).build()));
    }

    @Test
    void rejectionsAreNotRetried() {
        IOException forbidden = S3Failures.classify(answered(403, "AccessDenied"));
        assertInstanceOf(DestinationRejectedException.class, forbidden);
        assertEquals("storage answered HTTP 403 AccessDenied", forbidden.getMessage());
        assertInstanceOf(DestinationRejectedException.class, S3Failures.classify(answered(404, "NoSuchBucket")));
    }

    @Test
    void transientFaultsAreRetried() {
        for (IOException e : new IOException[] {S3Failures.classify(answered(503, "SlowDown")),
            S3Failures.classify(answered(500, "InternalError")), S3Failures.classify(answered(400, "RequestTimeout")),
            S3Failures.classify(SdkClientException.builder().cause(new SocketException("Connection reset")).build())}) {
            assertFalse(e instanceof DestinationRejectedException || e instanceof DestinationUnavailableException,
                    e.getMessage());
            assertFalse(e.getMessage().contains("secret detail") || e.getMessage().contains("signature"));
        }
    }
}
