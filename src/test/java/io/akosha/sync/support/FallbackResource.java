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
    private ProxiedBucket bucket;
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
            bucket = ProxiedBucket.start(work, "512m");
            receiver = new IngestReceiver(overrides.getOrDefault("akosha.fallback.token", TOKEN));
            environment = new Environment(dataDir, work.resolve("spool"), bucket.s3.endpoint(), bucket.proxy, receiver);
            Map<String, String> config = SidecarConfig.withFallback(bucket.config(work, dataDir, "fallback-test",
                    wrongSecret ? "not-the-secret" : S3ProxyServer.SECRET_KEY), receiver, TOKEN);
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
        if (bucket != null) {
            bucket.close();
        }
    }
}
