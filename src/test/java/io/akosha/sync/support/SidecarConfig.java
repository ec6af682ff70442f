package io.akosha.sync.support;

import java.nio.file.Path;
import java.util.Map;

/** The sidecar configuration the test resources share: directories under a work dir, the bucket behind a proxy. */
final class SidecarConfig {

    private SidecarConfig() {
    }

    /**
     * Data and spool directories under {@code work}, the test bucket on S3Proxy through the proxy on {@code proxyPort}
     * (plain http to loopback, explicitly allowed), no credentials yet.
     */
    static Map<String, String> bucketBehindProxy(Path work, Path dataDir, String systemId, int proxyPort) {
        Map<String, String> config = S3ProxyServer.bucketConfig(S3Resource.BUCKET, proxyPort);
        config.put("akosha.data-dir", dataDir.toString());
        config.put("akosha.spool-dir", work.resolve("spool").toString());
        config.put("akosha.system-id", systemId);
        return config;
    }

    /**
     * The multipart HTTP fallback to {@code receiver} with {@code token} (plain http to loopback, explicitly
     * allowed).
     */
    static Map<String, String> withFallback(Map<String, String> config, IngestReceiver receiver, String token) {
        config.put("akosha.fallback.protocol", "multipart");
        config.put("akosha.fallback.url", receiver.url());
        config.put("akosha.fallback.token", token);
        config.put("akosha.fallback.allow-insecure-loopback", "true");
        return config;
    }
}
