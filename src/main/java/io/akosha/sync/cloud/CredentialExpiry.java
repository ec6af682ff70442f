package io.akosha.sync.cloud;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Store answers that say the credentials expired or are no longer known (rotated keys, a revoked or expired session
 * token): the S3 client refreshes the credentials and sends the same request again ({@link RequestRetries}), for
 * every request, each part of a multipart upload included, so an upload outliving its credentials goes on instead
 * of failing or falling back.
 */
final class CredentialExpiry {

    /** Error codes S3 and S3-compatible stores answer for credentials that expired or were rotated away. */
    static final Set<String> CODES = Set.of("ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired",
            "InvalidAccessKeyId", "InvalidToken", "InvalidClientTokenId");

    private CredentialExpiry() {
    }

    static boolean isExpiry(Throwable failure) {
        // a HEAD answer has no body, hence no error code (and Set.of rejects null lookups)
        String code = failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorCode() : null;
        return code != null && CODES.contains(code);
    }
}
