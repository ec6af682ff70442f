package io.akosha.sync.it;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What runs the packaged sidecar: the jar on this JVM, or a native executable. {@link #BUILT} is the artifact the
 * build made, picked as {@code @QuarkusIntegrationTest} picks it ({@code target/quarkus-artifact.properties}): the
 * native executable ({@code native.image.path}) after a native build, the jar otherwise. Memory options
 * ({@code -Xmx}) and {@code -D} properties mean the same to both. With {@code -Dit.artifact=native} (the native
 * suite) or {@code jvm}, any other artifact fails the tests instead of being tested in its place.
 */
record Artifact(String label, Path executable, List<String> afterOptions) {

    static final Path JAR = Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"));
    static final Artifact BUILT = built();

    static {
        System.out.println("packaged sidecar under test: " + BUILT.label() + " " + BUILT.command(List.of(), List.of()));
    }

    static Artifact jar() {
        return new Artifact("jvm", Path.of(System.getProperty("java.home"), "bin", "java"),
                List.of("-jar", JAR.toString()));
    }

    static Artifact nativeExecutable(Path executable) {
        Path absolute = executable.toAbsolutePath();
        if (!Files.isExecutable(absolute)) {
            throw new IllegalStateException(absolute + " is not an executable");
        }
        return new Artifact("native", absolute, List.of());
    }

    /** {@code executable options... [-jar JAR] args...} */
    List<String> command(List<String> options, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(options);
        command.addAll(afterOptions);
        command.addAll(args);
        return command;
    }

    private static Artifact built() {
        Path properties = JAR.toAbsolutePath().getParent().resolveSibling("quarkus-artifact.properties");
        Properties built = new Properties();
        try (Reader in = Files.newBufferedReader(properties)) {
            built.load(in);
        } catch (IOException noBuild) {
            return jar();
        }
        String type = built.getProperty("type");
        String expected = System.getProperty("it.artifact", "");
        if (!expected.isEmpty() && !expected.equals("native".equals(type) ? "native" : "jvm")) {
            // the native suite must never pass by quietly testing the jar
            throw new IllegalStateException("the integration tests expect the " + expected + " artifact, but "
                    + properties + " names type=" + type + " path=" + built.getProperty("path"));
        }
        if (!"native".equals(type)) {
            return jar();
        }
        return nativeExecutable(Path.of(System.getProperty("native.image.path",
                properties.resolveSibling(built.getProperty("path")).toString())));
    }
}
