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

    private ProxiedBucket bucket;
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
            bucket = ProxiedBucket.start(work, "256m");
            akosha = new AkoshaMcpServer(TOKEN);
            environment = new Environment(dataDir, bucket.s3.endpoint(), bucket.proxy, akosha);
            Map<String, String> config = bucket.config(work, dataDir, SYSTEM, S3ProxyServer.SECRET_KEY);
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
        if (bucket != null) {
            bucket.close();
        }
    }
}
