package io.akosha.sync.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The test bucket on S3Proxy behind a {@link FaultProxy} (which the tests make refuse, reset or stall), and the
 * sidecar configuration that reaches it through the proxy with S3Proxy's keys (or a wrong secret).
 */
final class ProxiedBucket implements AutoCloseable {

    final S3ProxyServer s3;
    final FaultProxy proxy;

    private ProxiedBucket(S3ProxyServer s3, FaultProxy proxy) {
        this.s3 = s3;
        this.proxy = proxy;
    }

    static ProxiedBucket start(Path work, String heap) throws IOException, InterruptedException {
        S3ProxyServer s3 = S3ProxyServer.start(work.resolve("s3proxy"), heap);
        try (var client = S3ProxyServer.client(s3.endpoint())) {
            client.createBucket(b -> b.bucket(S3Resource.BUCKET));
        }
        return new ProxiedBucket(s3, new FaultProxy(s3.port(), work.resolve("requests.log")));
    }

    /** Data and spool under {@code work}, uploads through the proxy, a request timeout of 3 s. */
    Map<String, String> config(Path work, Path dataDir, String systemId, String secret) {
        Map<String, String> config = SidecarConfig.bucketBehindProxy(work, dataDir, systemId, proxy.port());
        config.put("akosha.cloud.access-key-id", S3ProxyServer.ACCESS_KEY);
        config.put("akosha.cloud.secret-access-key", secret);
        config.put("akosha.upload.timeout", "3s");
        return config;
    }

    @Override
    public void close() {
        proxy.close();
        s3.close();
    }
}
