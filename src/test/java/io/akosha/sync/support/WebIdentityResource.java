package io.akosha.sync.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * IRSA for real, on 127.0.0.1: a web-identity token file and role (the system-property twins of
 * {@code AWS_WEB_IDENTITY_TOKEN_FILE} and {@code AWS_ROLE_ARN} that the EKS webhook sets), the SDK's STS
 * endpoint pointed at a {@link FakeSts} ({@code aws.endpointUrlSts}, twin of {@code AWS_ENDPOINT_URL_STS}),
 * and S3Proxy behind a {@link FaultProxy} whose gate answers {@code 403 ExpiredToken} to every request whose
 * session token is unknown or older than {@link #TOKEN_LIFETIME}. No static keys: the sidecar must get its
 * credentials through the default chain. An {@link IngestReceiver} is the fallback, to prove it is not used.
 */
public class WebIdentityResource implements QuarkusTestResourceLifecycleManager {

    public static final String ROLE_ARN = "arn:aws:iam::111122223333:role/akosha-sync-writer";
    public static final Duration TOKEN_LIFETIME = Duration.ofSeconds(1);
    private static final String[] PROPERTIES = {"aws.roleArn", "aws.webIdentityTokenFile", "aws.roleSessionName",
        "aws.endpointUrlSts", "aws.region"};

    private final Map<String, String> previous = new HashMap<>();
    private S3ProxyServer s3;
    private FaultProxy proxy;
    private FakeSts sts;
    private IngestReceiver receiver;
    private Environment environment;

    /** What the test acts on. */
    public record Environment(Path dataDir, String directEndpoint, FaultProxy proxy, FakeSts sts,
            IngestReceiver receiver) {
    }

    @Override
    public Map<String, String> start() {
        try {
            Path work = Path.of("target", "test-work", "irsa-" + UUID.randomUUID()).toAbsolutePath();
            Path dataDir = Files.createDirectories(work.resolve("data"));
            s3 = S3ProxyServer.start(work.resolve("s3proxy"), "512m");
            proxy = new FaultProxy(s3.port(), work.resolve("requests.log"));
            String webIdentityToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ." + UUID.randomUUID();
            Path tokenFile = work.resolve("token");
            Files.writeString(tokenFile, webIdentityToken);
            sts = new FakeSts(ROLE_ARN, webIdentityToken, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                    TOKEN_LIFETIME);
            proxy.gate(head -> sts.expired(header(head, "x-amz-security-token"))
                    ? new FaultProxy.Refusal(403, "ExpiredToken", "The provided token has expired.") : null);
            receiver = new IngestReceiver(FallbackResource.TOKEN);
            try (var client = S3ProxyServer.client(s3.endpoint())) {
                client.createBucket(b -> b.bucket(S3Resource.BUCKET));
            }
            setProperty("aws.roleArn", ROLE_ARN);
            setProperty("aws.webIdentityTokenFile", tokenFile.toString());
            setProperty("aws.roleSessionName", "akosha-sync-test");
            setProperty("aws.endpointUrlSts", sts.url());
            setProperty("aws.region", S3ProxyServer.REGION);
            environment = new Environment(dataDir, s3.endpoint(), proxy, sts, receiver);

            // no static keys: the default chain finds the web identity
            Map<String, String> config = SidecarConfig.withFallback(
                    SidecarConfig.bucketBehindProxy(work, dataDir, "irsa-test", proxy.port()), receiver,
                    FallbackResource.TOKEN);
            // one part at a time: each part outlives a token, so the rotations are counted per part
            config.put("akosha.upload.parallel-parts", "1");
            return config;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the web-identity environment", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void setProperty(String name, String value) {
        previous.put(name, System.getProperty(name));
        System.setProperty(name, value);
    }

    /** Value of a header in a raw request head, or null. */
    static String header(String head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
        return null;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(environment, new TestInjector.AnnotatedAndMatchesType(Inject.class, Environment.class));
    }

    /** Marks the test field that receives the {@link Environment}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    @Override
    public void stop() {
        for (String name : PROPERTIES) {
            String value = previous.get(name);
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {receiver, sts, proxy, s3}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }
}
