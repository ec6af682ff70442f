package io.akosha.sync.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * S3Proxy (a real S3 protocol server, SigV4) started as its own JVM on a free 127.0.0.1 port: in-memory
 * ({@code transient-nio2}, the default) or on disk ({@code filesystem}, which answers 501 NotImplemented to a
 * server-side-encryption header, like MinIO without KMS). The jar is fetched by the build (maven-dependency-plugin).
 */
public final class S3ProxyServer implements S3Server {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-for-s3proxy";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final int port;

    private S3ProxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The jclouds backend S3Proxy stores objects with. */
    public enum Backend {
        /** In memory; accepts server-side-encryption headers. */
        TRANSIENT_NIO2,
        /** Files under the work directory; refuses server-side encryption with 501 NotImplemented. */
        FILESYSTEM
    }

    public static S3ProxyServer start(Path workDir, String heap) throws IOException, InterruptedException {
        return start(workDir, heap, Backend.TRANSIENT_NIO2);
    }

    /** On jclouds' {@code filesystem} backend, under {@code workDir/blobs}. */
    public static S3ProxyServer startOnFilesystem(Path workDir, String heap) throws IOException, InterruptedException {
        return start(workDir, heap, Backend.FILESYSTEM);
    }

    public static S3ProxyServer start(Path workDir, String heap, Backend backend)
            throws IOException, InterruptedException {
        String jar = System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar");
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar missing at " + jar + "; run the build through ./mvnw");
        }
        Files.createDirectories(workDir);
        int port = freePort();
        Path props = workDir.resolve("s3proxy.properties");
        List<String> lines = new ArrayList<>(List.of(
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "s3proxy.ignore-unknown-headers=true",
                "jclouds.identity=local",
                "jclouds.credential=local",
                "jclouds.regions=" + REGION));
        if (backend == Backend.FILESYSTEM) {
            lines.add("jclouds.provider=filesystem");
            lines.add("jclouds.filesystem.basedir=" + Files.createDirectories(workDir.resolve("blobs")));
        } else {
            lines.add("jclouds.provider=transient-nio2");
        }
        lines.add("");
        Files.writeString(props, String.join("\n", lines));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx" + heap, TestFiles.TMPDIR_OPTION, "-jar", jar, "--properties", props.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("s3proxy.log").toFile())
                .start();
        S3ProxyServer server = new S3ProxyServer(process, port);
        server.awaitPort(Duration.ofSeconds(60));
        return server;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * The sidecar's {@code akosha.cloud.*} settings for this server's bucket, reached through {@code port} (plain
     * http to loopback, explicitly allowed), with this server's keys.
     */
    public static Map<String, String> sidecarConfig(String bucket, int port) {
        Map<String, String> config = bucketConfig(bucket, port);
        config.put("akosha.cloud.access-key-id", ACCESS_KEY);
        config.put("akosha.cloud.secret-access-key", SECRET_KEY);
        return config;
    }

    /** The same without credentials (for a test that brings its own, e.g. web identity). */
    public static Map<String, String> bucketConfig(String bucket, int port) {
        Map<String, String> config = new HashMap<>();
        config.put("akosha.cloud.bucket", bucket);
        config.put("akosha.cloud.endpoint", "http://127.0.0.1:" + port);
        config.put("akosha.cloud.allow-insecure-loopback", "true");
        config.put("akosha.cloud.path-style", "true");
        config.put("akosha.cloud.region", REGION);
        return config;
    }

    /** Deletes every object of {@code bucket} under {@code prefix}. */
    public static void deleteAll(S3Client client, String bucket, String prefix) {
        client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                .forEach(o -> client.deleteObject(b -> b.bucket(bucket).key(o.key())));
    }

    /** A plain S3 client for the tests' own checks. */
    public static S3Client client(String endpoint) {
        return builder(endpoint).build();
    }

    /** A client that fails at once, as the sidecar's does (its retries belong to the fault-tolerance layer). */
    public static S3Client clientWithoutRetries(String endpoint) {
        return builder(endpoint).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static S3ClientBuilder builder(String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    private void awaitPort(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited with " + process.exitValue());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException("S3Proxy did not open port " + port + " within " + timeout);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
