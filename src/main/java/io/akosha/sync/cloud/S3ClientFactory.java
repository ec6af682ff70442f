package io.akosha.sync.cloud;

import io.akosha.sync.upload.UploadConfig;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client from {@code akosha.cloud.*}: custom endpoint, path style, region, credentials. */
final class S3ClientFactory {

    private S3ClientFactory() {
    }

    static S3Client create(CloudConfig cloud, UploadConfig upload) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(cloud.connectTimeout())
                        .socketTimeout(upload.timeout())
                        .build())
                .region(Region.of(cloud.region()))
                .forcePathStyle(cloud.pathStyle())
                .credentialsProvider(credentials(cloud))
                // retries are the fault-tolerance layer's job (@Retry), so that an unreachable store fails fast
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                // checksums are computed by S3Destination and sent as headers: no aws-chunked trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        cloud.endpoint().filter(e -> !e.isBlank()).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(CloudConfig cloud) {
        if (cloud.accessKeyId().isPresent() && cloud.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(cloud.accessKeyId().get(), cloud.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
