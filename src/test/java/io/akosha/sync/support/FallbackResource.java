package io.akosha.sync.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Both paths, for real: S3Proxy behind a {@link FaultProxy}, and an {@link IngestReceiver} as Akosha's
 * ingestion endpoint. Init arg {@code secret=wrong} gives the sidecar a wrong S3 secret (S3Proxy answers 403).
 */
public class FallbackResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "test-ingest-token";

    private boolean wrongSecret;
    private S3ProxyServer s3;
    private FaultProxy proxy;
    private IngestReceiver receiver;
    private Environment environment;

    /** What the tests act on. */
    public record Environment(Path dataDir, Path spoolDir, String directEndpoint, FaultProxy proxy,
            IngestReceiver receiver) {
    }

    @Override
    public void init(Map<String, String> initArgs) {
        wrongSecret = "wrong".equals(initArgs.get("secret"));
    }

    @Override
    public Map<String, String> start() {
        try {
            Path work = Path.of("target", "test-work", "fallback-" + UUID.randomUUID()).toAbsolutePath();
            Path dataDir = Files.createDirectories(work.resolve("data"));
            s3 = S3ProxyServer.start(work.resolve("s3proxy"), "512m");
            proxy = new FaultProxy(s3.port(), work.resolve("requests.log"));
            receiver = new IngestReceiver(TOKEN);
            try (var client = S3ProxyServer.client(s3.endpoint())) {
                client.createBucket(b -> b.bucket(S3Resource.BUCKET));
            }
            environment = new Environment(dataDir, work.resolve("spool"), s3.endpoint(), proxy, receiver);
            Map<String, String> config = S3ProxyServer.sidecarConfig(S3Resource.BUCKET, proxy.port());
            config.put("akosha.data-dir", dataDir.toString());
            config.put("akosha.spool-dir", work.resolve("spool").toString());
            config.put("akosha.system-id", "fallback-test");
            if (wrongSecret) {
                config.put("akosha.cloud.secret-access-key", "not-the-secret");
            }
            config.put("akosha.upload.timeout", "3s");
            config.put("akosha.fallback.url", receiver.url());
            config.put("akosha.fallback.token", TOKEN);
            config.put("akosha.fallback.allow-insecure-loopback", "true");
            return config;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fallback environment", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(environment, new TestInjector.AnnotatedAndMatchesType(Inject.class, Environment.class));
    }

    /** Marks the test field that receives the {@link Environment}. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.FIELD)
    public @interface Inject {
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
