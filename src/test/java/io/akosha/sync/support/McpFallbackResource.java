package io.akosha.sync.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The cloud path on S3Proxy behind a {@link FaultProxy} (the tests make it refuse), and an {@link AkoshaMcpServer}
 * as Akosha's MCP ingestion, with the token {@link #TOKEN}. Batches of {@value #BATCH} memories, so that small
 * databases take several calls.
 */
public class McpFallbackResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "test-mcp-token";
    public static final String SYSTEM = "mcp-test";
    public static final int BATCH = 40;

    private S3ProxyServer s3;
    private FaultProxy proxy;
    private AkoshaMcpServer akosha;
    private Environment environment;

    /** What the tests act on. */
    public record Environment(Path dataDir, String directEndpoint, FaultProxy proxy, AkoshaMcpServer akosha) {
    }

    @Override
    public Map<String, String> start() {
        try {
            Path work = Path.of("target", "test-work", "mcp-" + UUID.randomUUID()).toAbsolutePath();
            Path dataDir = Files.createDirectories(work.resolve("data"));
            s3 = S3ProxyServer.start(work.resolve("s3proxy"), "256m");
            proxy = new FaultProxy(s3.port(), work.resolve("requests.log"));
            akosha = new AkoshaMcpServer(TOKEN);
            try (var client = S3ProxyServer.client(s3.endpoint())) {
                client.createBucket(b -> b.bucket(S3Resource.BUCKET));
            }
            environment = new Environment(dataDir, s3.endpoint(), proxy, akosha);
            Map<String, String> config = SidecarConfig.bucketBehindProxy(work, dataDir, SYSTEM, proxy.port());
            config.put("akosha.cloud.access-key-id", S3ProxyServer.ACCESS_KEY);
            config.put("akosha.cloud.secret-access-key", S3ProxyServer.SECRET_KEY);
            config.put("akosha.upload.timeout", "3s");
            config.put("akosha.fallback.url", akosha.url());
            config.put("akosha.fallback.token", TOKEN);
            config.put("akosha.fallback.allow-insecure-loopback", "true");
            config.put("akosha.fallback.mcp.batch-size", Integer.toString(BATCH));
            return config;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the MCP fallback environment", e);
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
        if (akosha != null) {
            akosha.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
