package io.akosha.sync.cloud;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The S3 client's only retries: a request the store refuses because the credentials expired or are no longer
 * known (rotated keys, a revoked or expired session token) is sent again, at once, with refreshed credentials,
 * at most {@value #REFRESH_ATTEMPTS} times. This happens for every request, each part of a multipart upload
 * included, so an upload outliving its credentials goes on instead of failing or falling back. Every other
 * failure is left to the fault-tolerance layer ({@code @Retry} on the upload), as before.
 */
final class CredentialExpiry {

    static final int REFRESH_ATTEMPTS = 2;

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

    /** Retries expiry failures after refreshing {@code credentials}; nothing else (static keys: nothing at all). */
    static RetryStrategy retryStrategy(RefreshableCredentials credentials) {
        return StandardRetryStrategy.builder()
                .useClientDefaults(false)
                .maxAttempts(credentials.refreshable() ? 1 + REFRESH_ATTEMPTS : 1)
                .retryOnException(failure -> isExpiry(failure) && credentials.invalidate())
                .backoffStrategy(BackoffStrategy.retryImmediately())
                .circuitBreakerEnabled(false)
                .build();
    }
}
