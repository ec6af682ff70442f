package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.akosha.sync.support.TestFiles;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of the packaged executable as a command: its exit code, stdout, stderr and wall time. */
record CommandRun(int exit, String stdout, String stderr, long wallMillis) {

    /** {@code akosha-sync args...} with no {@code AKOSHA_*} variable but {@code env}; stdin empty and closed. */
    static CommandRun of(Path work, Map<String, String> env, String... args) throws Exception {
        return run(work, Artifact.BUILT.command(List.of(TestFiles.TMPDIR_OPTION), List.of(args)), env, "");
    }

    /** Runs {@code command} with stdin written and closed (null: left open); wall time from start to exit. */
    static CommandRun run(Path work, List<String> command, Map<String, String> env, String stdin) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AKOSHA_"));
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        OutputStream in = process.getOutputStream();
        if (stdin != null) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
            in.close();
        }
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        long wall = (System.nanoTime() - start) / 1_000_000;
        in.close();
        if (!exited) {
            process.destroyForcibly();
            throw new AssertionError(command + " still running after 60 s");
        }
        return new CommandRun(process.exitValue(), Files.readString(out), Files.readString(err), wall);
    }

    /** The one line on stderr, with nothing on stdout. */
    String oneLine() {
        assertEquals(1, stderr.lines().count(), "one line on stderr: " + stderr);
        assertEquals("", stdout, "nothing on stdout");
        return stderr.strip();
    }
}
