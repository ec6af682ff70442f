package io.akosha.sync.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Test resource: an S3 server (S3Proxy unless told otherwise) behind a {@link FaultProxy}, a bucket, and fresh
 * data, spool and work directories. The sidecar is pointed at the proxy. Init args: {@code heap} (the S3 server's
 * heap, default 512m), {@code server} ({@code s3proxy}, the default, or {@code s3mock} for Adobe's S3Mock, see
 * {@link S3MockServer}), {@code backend} ({@code filesystem} for S3Proxy's on-disk backend, which refuses
 * server-side encryption; default {@code transient-nio2}), {@code bucket=absent} (no bucket made: the test makes
 * it), {@code proxy=off} (the sidecar talks to the server itself: nothing in the request log), and any
 * {@code akosha.*} or {@code %test.quarkus.fault-tolerance.*} key (a setting for the sidecar). Tests get an
 * {@link S3Fixture}.
 */
public class S3Resource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "akosha-test";

    private String heap = "512m";
    private String server = "s3proxy";
    private S3ProxyServer.Backend backend = S3ProxyServer.Backend.TRANSIENT_NIO2;
    private boolean createBucket = true;
    private boolean direct;
    private final Map<String, String> overrides = new HashMap<>();
    private S3Server s3;
    private FaultProxy proxy;
    private S3Fixture fixture;

    @Override
    public void init(Map<String, String> initArgs) {
        heap = initArgs.getOrDefault("heap", heap);
        server = initArgs.getOrDefault("server", server);
        if (!server.equals("s3proxy") && !server.equals("s3mock")) {
            throw new IllegalArgumentException("server must be s3proxy or s3mock, not " + server);
        }
        if ("filesystem".equals(initArgs.get("backend"))) {
            backend = S3ProxyServer.Backend.FILESYSTEM;
        }
        createBucket = !"absent".equals(initArgs.get("bucket"));
        direct = "off".equals(initArgs.get("proxy"));
        initArgs.forEach((k, v) -> {
            if (k.startsWith("akosha.") || k.startsWith("%test.quarkus.fault-tolerance.")) {
                overrides.put(k, v);
            }
        });
    }

    @Override
    public Map<String, String> start() {
        try {
            Path work = Path.of("target", "test-work", "s3-" + UUID.randomUUID()).toAbsolutePath();
            Path dataDir = Files.createDirectories(work.resolve("data"));
            s3 = server.equals("s3mock") ? S3MockServer.start(work.resolve("s3mock"), heap)
                    : S3ProxyServer.start(work.resolve("s3proxy"), heap, backend);
            proxy = new FaultProxy(s3.port(), work.resolve("requests.log"));
            if (createBucket) {
                try (var client = S3ProxyServer.client(s3.endpoint())) {
                    client.createBucket(b -> b.bucket(BUCKET));
                }
            }
            Map<String, String> config = SidecarConfig.bucketBehindProxy(work, dataDir, "test-system",
                    direct ? s3.port() : proxy.port());
            config.put("akosha.cloud.access-key-id", S3ProxyServer.ACCESS_KEY);
            config.put("akosha.cloud.secret-access-key", S3ProxyServer.SECRET_KEY);
            config.putAll(overrides);
            fixture = new S3Fixture(dataDir, s3.endpoint(), work.resolve("requests.log"));
            return config;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fixture,
                new TestInjector.AnnotatedAndMatchesType(S3Fixture.Inject.class, S3Fixture.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
