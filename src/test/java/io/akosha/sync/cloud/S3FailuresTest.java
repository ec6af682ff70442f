package io.akosha.sync.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.store.DestinationRejectedException;
import io.akosha.sync.store.DestinationUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 failures go to the fallback at once and which are retried (the SDK's own exception types). */
class S3FailuresTest {

    private static S3Exception answered(int status, String code) {
        return answered(status, code, "secret detail");
    }

    private static S3Exception answered(int status, String code, String storeMessage) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(storeMessage).build())
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
        assertEquals("the store refused the request: AccessDenied (HTTP 403): secret detail", forbidden.getMessage());
        for (S3Exception refusal : new S3Exception[] {answered(404, "NoSuchBucket"), answered(400, "InvalidRequest"),
            answered(501, "NotImplemented")}) {
            assertInstanceOf(DestinationRejectedException.class, S3Failures.classify(refusal));
            assertFalse(S3Failures.transientFailure(refusal), "the client does not send it again: " + refusal);
        }
    }

    @Test
    void refusalsCarryTheStoresCodeAndMessageRedactedAndShort() {
        assertEquals(
                "the store refused the request: NotImplemented (HTTP 501): Server-side encryption is not supported",
                S3Failures.classify(answered(501, "NotImplemented", "Server-side encryption\n is not supported"))
                        .getMessage());
        assertEquals("bucket 'akosha-x' does not exist (NoSuchBucket)",
                S3Failures.classify(answered(404, "NoSuchBucket", "The specified bucket does not exist"), "akosha-x")
                        .getMessage());
        // HeadBucket: a 404 without a body
        assertEquals("bucket 'akosha-x' does not exist (NoSuchBucket)", S3Failures.classify(
                NoSuchBucketException.builder().statusCode(404).build(), "akosha-x").getMessage());
        String keyId = "AKIA" + "IOSFODNN7EXAMPLE"; // AWS's example key id, assembled at run time
        String leaky = S3Failures.classify(answered(403, "SignatureDoesNotMatch",
                "Authorization: AWS4-HMAC-SHA256 Credential=" + keyId + "/x, Signature=abcdef0123456789 "
                        + "x".repeat(500))).getMessage();
        assertFalse(leaky.contains(keyId) || leaky.contains("abcdef0123456789"), leaky);
        assertTrue(leaky.length() < 300, leaky);
    }

    @Test
    void transientFaultsAreRetried() {
        for (IOException e : new IOException[] {S3Failures.classify(answered(503, "SlowDown")),
            S3Failures.classify(answered(500, "InternalError")), S3Failures.classify(answered(408, "RequestTimeout")),
            S3Failures.classify(answered(429, "TooManyRequests")), S3Failures.classify(answered(400, "RequestTimeout")),
            S3Failures.classify(SdkClientException.builder().cause(new SocketException("Connection reset")).build())}) {
            assertFalse(e instanceof DestinationRejectedException || e instanceof DestinationUnavailableException,
                    e.getMessage());
            assertFalse(e.getMessage().contains("secret detail") || e.getMessage().contains("signature"));
        }
    }
}
