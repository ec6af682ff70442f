package io.akosha.sync.cloud;

import java.time.Duration;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The S3 client's retries of one request, so that a flaky store does not cost a whole upload attempt: a request is
 * sent again, up to {@value #MAX_ATTEMPTS} times in all, when the store failed transiently (5xx, a request timeout, a
 * connection reset, a read timeout: exponential backoff with full jitter from {@code 100 ms}; throttling, 429 / 503
 * / SlowDown: from {@code 500 ms}) or refused the credentials as expired (refreshed first, see
 * {@link CredentialExpiry}; never with static keys). The multipart upload and its confirmed parts stay as they are:
 * only the failed request is repeated. An unreachable or rejecting store is never retried here, so the fallback
 * starts at once ({@link S3Failures}); a request that still fails is the fault-tolerance layer's (the whole
 * upload's {@code @Retry}, which resumes from the first missing part).
 */
final class RequestRetries {

    static final int MAX_ATTEMPTS = 4;
    private static final BackoffStrategy BACKOFF =
            BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2));
    private static final BackoffStrategy THROTTLED =
            BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(5));

    private RequestRetries() {
    }

    static RetryStrategy strategy(RefreshableCredentials credentials) {
        return StandardRetryStrategy.builder()
                .useClientDefaults(false)
                .maxAttempts(MAX_ATTEMPTS)
                .retryOnException(failure -> S3Failures.transientFailure(failure)
                        || CredentialExpiry.isExpiry(failure) && credentials.invalidate())
                .backoffStrategy(BACKOFF)
                .treatAsThrottling(S3Failures::throttling)
                .throttlingBackoffStrategy(THROTTLED)
                .circuitBreakerEnabled(false) // the fault-tolerance layer has the breaker
                .build();
    }
}
