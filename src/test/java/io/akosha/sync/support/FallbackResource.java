package io.akosha.sync.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Both paths, for real: S3Proxy behind a {@link FaultProxy}, and an {@link IngestReceiver} as Akosha's
 * ingestion endpoint. Init arg {@code secret=wrong} gives the sidecar a wrong S3 secret (S3Proxy answers 403);
 * init args named {@code akosha.*} override the configuration (the receiver expects the fallback token given so).
 */
public class FallbackResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "test-ingest-token";

    private boolean wrongSecret;
    private final Map<String, String> overrides = new HashMap<>();
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
        initArgs.forEach((k, v) -> {
            if (k.startsWith("akosha.")) {
                overrides.put(k, v);
            }
        });
    }

    @Override
    public Map<String, String> start() {
        try {
            Path work = Path.of("target", "test-work", "fallback-" + UUID.randomUUID()).toAbsolutePath();
            Path dataDir = Files.createDirectories(work.resolve("data"));
            s3 = S3ProxyServer.start(work.resolve("s3proxy"), "512m");
            proxy = new FaultProxy(s3.port(), work.resolve("requests.log"));
            receiver = new IngestReceiver(overrides.getOrDefault("akosha.fallback.token", TOKEN));
            try (var client = S3ProxyServer.client(s3.endpoint())) {
                client.createBucket(b -> b.bucket(S3Resource.BUCKET));
            }
            environment = new Environment(dataDir, work.resolve("spool"), s3.endpoint(), proxy, receiver);
            Map<String, String> config = SidecarConfig.withFallback(
                    SidecarConfig.bucketBehindProxy(work, dataDir, "fallback-test", proxy.port()), receiver, TOKEN);
            config.put("akosha.cloud.access-key-id", S3ProxyServer.ACCESS_KEY);
            config.put("akosha.cloud.secret-access-key", wrongSecret ? "not-the-secret" : S3ProxyServer.SECRET_KEY);
            config.put("akosha.upload.timeout", "3s");
            config.putAll(overrides);
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
