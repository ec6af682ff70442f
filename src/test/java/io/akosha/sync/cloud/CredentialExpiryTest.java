package io.akosha.sync.cloud;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which store answers count as expired credentials (refresh and send again), and which do not. */
class CredentialExpiryTest {

    @Test
    void expiredOrUnknownCredentialsOnly() {
        for (String code : new String[] {"ExpiredToken", "InvalidAccessKeyId", "InvalidToken", "TokenRefreshRequired"}) {
            assertTrue(CredentialExpiry.isExpiry(answer(403, code)), code);
        }
        assertTrue(CredentialExpiry.isExpiry(answer(400, "ExpiredToken")), "some stores answer 400");
        assertFalse(CredentialExpiry.isExpiry(answer(403, "AccessDenied")));
        assertFalse(CredentialExpiry.isExpiry(answer(403, "SignatureDoesNotMatch")));
        assertFalse(CredentialExpiry.isExpiry(answer(503, "SlowDown")));
        assertFalse(CredentialExpiry.isExpiry(answer(404, null)), "HEAD answers have no error code");
        assertFalse(CredentialExpiry.isExpiry(S3Exception.builder().statusCode(403).build()));
        assertFalse(CredentialExpiry.isExpiry(new IOException("reset")));
    }

    private static S3Exception answer(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }
}
