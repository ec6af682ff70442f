package io.akosha.sync.cloud;

import io.akosha.sync.audit.Audit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Where the S3 credentials come from, IAM roles first:
 * <ol>
 * <li>by default the SDK's default chain: environment, system properties, web identity (IRSA:
 * {@code AWS_ROLE_ARN} + {@code AWS_WEB_IDENTITY_TOKEN_FILE}, through STS), profiles, container credentials
 * (EKS Pod Identity, ECS), instance profile. Temporary credentials are refreshed before they expire;</li>
 * <li>with {@code akosha.cloud.role-arn}, that role assumed (STS AssumeRole) with the default chain's
 * credentials, refreshed before expiry as well;</li>
 * <li>static keys only when {@code akosha.cloud.access-key-id} is set: development, with a warning.</li>
 * </ol>
 * STS is reached at its regional endpoint, or at {@code AWS_ENDPOINT_URL_STS} when set (VPC endpoints, tests).
 */
final class CloudCredentials {

    private static final Logger LOG = Logger.getLogger(CloudCredentials.class);
    static final String SESSION_NAME = "akosha-sync";

    private CloudCredentials() {
    }

    static RefreshableCredentials create(CloudConfig cloud, Audit audit) {
        RefreshableCredentials credentials;
        if (cloud.staticKeys()) {
            LOG.warn("Static S3 access keys are configured (akosha.cloud.access-key-id): for development only; "
                    + "in production leave them out and use an IAM role (IRSA, EKS Pod Identity, instance profile)");
            AwsBasicCredentials keys = AwsBasicCredentials.create(cloud.accessKeyId().orElseThrow(),
                    cloud.secretAccessKey().orElse(""));
            credentials = new RefreshableCredentials("static-keys", false, () -> StaticCredentialsProvider.create(keys),
                    audit);
        } else if (cloud.roleArn().filter(r -> !r.isBlank()).isPresent()) {
            String role = cloud.roleArn().get();
            StsClient sts = StsClient.builder()
                    .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(cloud.connectTimeout()).build())
                    .region(Region.of(cloud.region().equals("auto") ? "us-east-1" : cloud.region()))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .build();
            credentials = new RefreshableCredentials("assume-role", true, () -> StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .refreshRequest(r -> r.roleArn(role).roleSessionName(SESSION_NAME))
                    .build(), audit);
        } else {
            credentials = new RefreshableCredentials("default-chain", true,
                    () -> DefaultCredentialsProvider.builder().build(), audit);
        }
        audit.record("credentials.source", "success", "source", credentials.source(),
                "role_arn", cloud.roleArn().orElse(null), "development_only", cloud.staticKeys() ? Boolean.TRUE : null);
        return credentials;
    }
}
