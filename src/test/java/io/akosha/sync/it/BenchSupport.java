package io.akosha.sync.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks share: the packaged sidecar started with the bench JVM options, a process's CPU time and
 * memory from {@code /proc}, percentiles, the machine's load, external commands, and the one summary table
 * ({@code target/bench/summary.md}) that {@code src/bench/run.sh} prints at the end.
 */
final class BenchSupport {

    /** A fixed, pre-touched heap: 64 MiB made the collector run most of the time (JFR: 8.8 s of GC in 24 s). */
    static final List<String> JVM = List.of(System.getProperty("bench.jvm-opts",
            "-Xms128m -Xmx128m -XX:+AlwaysPreTouch -XX:+UseSerialGC").split(" "));
    static final Path DIR = Path.of("target", "bench").toAbsolutePath();
    static final Path SUMMARY = DIR.resolve("summary.md");
    static final double MB = 1_000_000.0;
    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times (USER_HZ: 100 on every Linux we run on). */
    static final int CLOCK_TICKS = Integer.getInteger("bench.clock-ticks", 100);

    private BenchSupport() {
    }

    /** The packaged sidecar with {@link #JVM} and {@code config} as system properties; does not wait for it. */
    static SidecarProcess sidecar(Path log, int port, Map<String, String> config) throws IOException {
        return SidecarProcess.start(List.of(), JVM, log, port, config);
    }

    /** User plus system CPU seconds a process has used so far ({@code /proc/<pid>/stat} fields 14 and 15). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
    }

    /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The {@code p}th percentile of sorted values (nearest rank); 0 when empty. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1))];
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /**
     * Runs a command to its end (30 minutes at most) with its output in {@code log}, without {@code AWS_CA_BUNDLE}
     * (tools on the Go AWS SDK refuse a bundle they cannot use); fails unless it exits 0; returns its output.
     */
    static String run(List<String> command, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("AWS_CA_BUNDLE");
        pb.environment().putAll(env);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed:\n" + Files.readString(log));
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /**
     * One row of the summary: {@code goal} (the target, e.g. "loopback upload 100 MB, gzip: ≥ 1.3 ×
     * rclone"), {@code what} was measured (runs, client, rate), the sidecar's number, the peer's beside it (rclone,
     * the AWS CLI, or the budget), and the ratio or a verdict. Creates the file with its header when absent: the
     * machine's cores and the load average at the start ({@code bench.load-at-start}, which run.sh passes, else
     * now).
     */
    static synchronized void report(String goal, String what, String sidecar, String peer, String ratioOrVerdict) {
        try {
            Files.createDirectories(DIR);
            if (!Files.exists(SUMMARY)) {
                Files.writeString(SUMMARY, String.format("Benchmark summary, %s, %d cores, load average at the start"
                        + " %s (1, 5, 15 min), sidecar JVM %s%n%n"
                        + "| bench | goal | measured | akosha-sync | peer | ratio / verdict |%n|---|---|---|---|---|---|%n",
                        Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                        System.getProperty("bench.load-at-start", loadAverage()), String.join(" ", JVM)));
            }
            String row = String.join(" | ", "", caller(), goal, what, sidecar, peer, ratioOrVerdict, "").strip()
                    .replace("\n", " ");
            Files.writeString(SUMMARY, row + "\n", StandardOpenOption.APPEND);
            System.out.println("summary: " + row);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + SUMMARY, e);
        }
    }

    /** The simple name of the bench class that reports (the first caller outside this class). */
    private static String caller() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass).filter(c -> c != BenchSupport.class)
                .map(c -> c.getEnclosingClass() != null ? c.getEnclosingClass() : c)
                .map(Class::getSimpleName).findFirst().orElse("?"));
    }

    static String mb(long bytes) {
        return String.format("%.1f", bytes / MB);
    }
}
