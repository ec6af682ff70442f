package io.akosha.sync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.IVersionProvider;

/**
 * The version lines of {@code akosha-sync version} and {@code --version}: the project's version (a resource the
 * build fills in), whether this is the native executable or the JVM, and the platform.
 */
public class AppVersion implements IVersionProvider {

    static final String RESOURCE = "/akosha-sync-version.txt";

    @Override
    public String[] getVersion() {
        boolean nativeImage = System.getProperty("org.graalvm.nativeimage.imagecode") != null;
        return new String[] { "akosha-sync " + version(),
                (nativeImage ? "native executable" : "JVM " + System.getProperty("java.version")) + ", "
                        + System.getProperty("os.name").toLowerCase() + " " + System.getProperty("os.arch") };
    }

    /** The project's version, e.g. {@code 0.1.0}. */
    public static String version() {
        try (InputStream in = AppVersion.class.getResourceAsStream(RESOURCE)) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
