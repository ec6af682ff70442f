package io.akosha.sync.hook;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The shell command that runs this executable's {@code hook}, by absolute path: the launcher it was started through
 * ({@code AKOSHA_LAUNCHER}, which deploy/laptop's launcher sets), the native executable itself, or this JVM with
 * the jar it was started from ({@code java -jar …/quarkus-run.jar}).
 */
final class OwnCommand {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private OwnCommand() {
    }

    /** Throws when this process is neither (run from an IDE's class path, say): then {@code --command} is needed. */
    static String hook() {
        String launcher = System.getenv("AKOSHA_LAUNCHER");
        if (launcher != null && launcher.startsWith("/") && Files.isExecutable(Path.of(launcher))) {
            return quote(launcher) + " hook";
        }
        if ("runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"))) {
            String executable = ProcessHandle.current().info().command()
                    .orElseThrow(() -> new IllegalStateException("this executable's path is unknown; pass --command"));
            return quote(executable) + " hook";
        }
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isEmpty() || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            throw new IllegalStateException("not started as java -jar (class path " + Printable.of(classPath)
                    + "); pass --command");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return quote(java.toString()) + " -jar " + quote(Path.of(classPath).toAbsolutePath().normalize().toString())
                + " hook";
    }

    /** As a POSIX shell reads it: Claude Code runs the command through one. */
    static String quote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
