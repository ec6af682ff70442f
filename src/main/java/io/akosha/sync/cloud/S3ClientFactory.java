package io.akosha.sync.cloud;

import io.akosha.sync.upload.UploadConfig;
import java.net.URI;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client from {@code akosha.cloud.*}: custom endpoint, path style, region, credentials (see
 * {@link CloudCredentials}), server-side encryption on every object (unless {@code sse=none}), and the retries of
 * single requests ({@link RequestRetries}: transient failures, and expired credentials after a refresh), counted by
 * {@code retries}.
 */
final class S3ClientFactory {

    private S3ClientFactory() {
    }

    static S3Client create(CloudConfig cloud, UploadConfig upload, RefreshableCredentials credentials,
            MetricPublisher retries) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(cloud.connectTimeout())
                        .socketTimeout(upload.timeout())
                        .build())
                .region(Region.of(cloud.region()))
                .forcePathStyle(cloud.pathStyle())
                .credentialsProvider(credentials)
                // each attempt signed with the credentials valid then, so a refresh helps the retry
                .putAuthScheme(new FreshCredentialsAuthScheme(credentials))
                // one request sent again on a transient failure or expired credentials; an unreachable or
                // rejecting store is not retried here, so that the fallback starts at once
                .overrideConfiguration(o -> {
                    o.retryStrategy(RequestRetries.strategy(credentials)).addMetricPublisher(retries)
                            .addExecutionInterceptor(new NoExpectContinue());
                    if (cloud.sse() != CloudConfig.Encryption.NONE) { // none: no SSE header at all
                        o.addExecutionInterceptor(new ServerSideEncryption(cloud.sse(), cloud.kmsKeyId().orElse(null)));
                    }
                })
                // checksums are computed by the upload pipeline (PartBody) and sent as headers: no aws-chunked trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        cloud.endpoint().filter(e -> !e.isBlank()).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return builder.build();
    }
}
