package io.akosha.sync.it;

import io.akosha.sync.support.FaultProxy;
import io.akosha.sync.support.S3ProxyServer;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy with a bucket, behind a recording {@link FaultProxy}, for tests that run the packaged sidecar as its
 * own process; {@link #config} is the sidecar's configuration pointing at the proxy.
 */
final class ProcessStore implements AutoCloseable {

    static final String BUCKET = "process-test";

    final S3ProxyServer server;
    final FaultProxy proxy;
    final S3Client s3;

    ProcessStore(Path work, String heap) throws Exception {
        server = S3ProxyServer.start(work.resolve("s3proxy"), heap);
        proxy = new FaultProxy(server.port(), work.resolve("requests.log"));
        s3 = S3ProxyServer.client(server.endpoint());
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    Map<String, String> config(Path data, Path spool, String systemId) {
        Map<String, String> config = S3ProxyServer.sidecarConfig(BUCKET, proxy.port());
        config.put("akosha.data-dir", data.toString());
        config.put("akosha.spool-dir", spool.toString());
        config.put("akosha.system-id", systemId);
        return config;
    }

    @Override
    public void close() {
        s3.close();
        proxy.close();
        server.close();
    }
}
