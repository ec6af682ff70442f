package io.akosha.sync.cloud;

import io.akosha.sync.upload.UploadConfig;
import java.net.URI;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client from {@code akosha.cloud.*}: custom endpoint, path style, region, credentials (see
 * {@link CloudCredentials}), server-side encryption on every object, and a refresh-and-retry of requests the
 * store refuses for expired credentials.
 */
final class S3ClientFactory {

    private S3ClientFactory() {
    }

    static S3Client create(CloudConfig cloud, UploadConfig upload, RefreshableCredentials credentials) {
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
                // the only retries here are for expired credentials; the rest is the fault-tolerance layer's
                // job (@Retry), so that an unreachable store fails fast
                .overrideConfiguration(o -> o.retryStrategy(CredentialExpiry.retryStrategy(credentials))
                        .addExecutionInterceptor(new ServerSideEncryption(cloud.sse(), cloud.kmsKeyId().orElse(null))))
                // checksums are computed by S3Destination and sent as headers: no aws-chunked trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        cloud.endpoint().filter(e -> !e.isBlank()).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return builder.build();
    }
}
