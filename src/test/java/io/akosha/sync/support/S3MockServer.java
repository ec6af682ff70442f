package io.akosha.sync.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adobe's S3Mock (a Spring Boot application, files under its own root directory) started as its own JVM on free
 * 127.0.0.1 ports: a second, independent S3 implementation next to {@link S3ProxyServer}, so that behaviour only one
 * server tolerates is caught. The exec jar is fetched by the build (maven-dependency-plugin, {@code s3mock.jar}).
 *
 * <p>S3Mock serves https on {@code server.port} (bound to {@code server.address}) and plain http on a second
 * connector that it builds itself, with a port only: that one would listen on every interface. A bean definition
 * file of the same name ({@code httpConnector}) replaces it with one bound to loopback; an XML definition wins over
 * the application's {@code @Bean} when overriding is allowed. S3Mock accepts any credentials (it checks no
 * signature); the suite's clients send {@link S3ProxyServer}'s keys anyway.
 *
 * <p>S3Mock 5.2.0 is built for Java 17 (its manifest's {@code Java-Version}), so it runs on the JDK of the tests;
 * {@code -Ds3mock.java.home=/path/to/jdk} picks another one.
 */
public final class S3MockServer implements S3Server {

    private final Process process;
    private final int port;

    private S3MockServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts S3Mock with its files, bean definitions and log ({@code s3mock.log}) under {@code workDir}. */
    public static S3MockServer start(Path workDir, String heap) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("s3mock.jar", "target/s3proxy/s3mock.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("S3Mock jar missing at " + jar + "; run the build through ./mvnw");
        }
        Path java = java();
        Files.createDirectories(workDir);
        Path root = Files.createDirectories(workDir.resolve("root"));
        int httpPort = S3ProxyServer.freePort();
        int httpsPort = S3ProxyServer.freePort();
        while (httpsPort == httpPort) {
            httpsPort = S3ProxyServer.freePort();
        }
        Path beans = workDir.resolve("loopback-http.xml");
        Files.writeString(beans, """
                <?xml version="1.0" encoding="UTF-8"?>
                <beans xmlns="http://www.springframework.org/schema/beans"
                       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                       xsi:schemaLocation="http://www.springframework.org/schema/beans
                                           https://www.springframework.org/schema/beans/spring-beans.xsd">
                  <!-- S3Mock's plain-http connector, bound to loopback instead of every interface -->
                  <bean id="httpConnector" class="org.apache.catalina.connector.Connector">
                    <property name="port" value="%d"/>
                    <property name="protocolHandler.address" value="#{T(java.net.InetAddress).getByName('127.0.0.1')}"/>
                  </bean>
                </beans>
                """.formatted(httpPort));
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + heap, TestFiles.TMPDIR_OPTION, "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + httpsPort,
                "--spring.main.sources=" + beans.toUri(),
                "--spring.main.allow-bean-definition-overriding=true",
                "--spring.main.banner-mode=off",
                "--com.adobe.testing.s3mock.store.root=" + root,
                "--com.adobe.testing.s3mock.store.region=" + S3ProxyServer.REGION));
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("s3mock.log").toFile())
                .start();
        S3MockServer server = new S3MockServer(process, httpPort);
        server.awaitPort(Duration.ofSeconds(120), workDir.resolve("s3mock.log"));
        return server;
    }

    /** The java launcher S3Mock runs on: {@code s3mock.java.home}, else the JDK running the tests. */
    private static Path java() {
        String home = System.getProperty("s3mock.java.home", System.getProperty("java.home"));
        Path java = Path.of(home, "bin", "java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("no java launcher at " + java + " for S3Mock (Java 17 or later); set "
                    + "-Ds3mock.java.home to a JDK");
        }
        return java;
    }

    @Override
    public int port() {
        return port;
    }

    private void awaitPort(Duration timeout, Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Mock exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException("S3Mock did not open port " + port + " within " + timeout + "; see " + log);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
