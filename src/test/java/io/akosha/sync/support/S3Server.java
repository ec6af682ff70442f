package io.akosha.sync.support;

/**
 * A real S3 protocol server the suite started as its own JVM on 127.0.0.1 ({@link S3ProxyServer},
 * {@link S3MockServer}); both take the keys of {@link S3ProxyServer#ACCESS_KEY} and
 * {@link S3ProxyServer#SECRET_KEY} in {@link S3ProxyServer#REGION}, so its clients are built alike.
 */
public interface S3Server extends AutoCloseable {

    /** The plain-http port on 127.0.0.1. */
    int port();

    default String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Stops the server's process (and any it started). */
    @Override
    void close();
}
