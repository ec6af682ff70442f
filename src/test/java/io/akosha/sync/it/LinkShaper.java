package io.akosha.sync.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A slow link to one TCP port on loopback, with {@code tc}: an {@code htb} root on {@code lo} whose two classes
 * carry what goes to the port (1:1, the uploads) and what comes back from it (1:2, answers and ACKs, its own queue
 * as on a real link's other direction), each at the same rate; everything else on {@code lo} (the sidecar's own
 * API, the bench's polling) is unclassified and goes unshaped. Only inside a private network namespace whose one
 * interface is {@code lo} ({@link #refusal()}): it never shapes a real machine's loopback.
 */
final class LinkShaper implements AutoCloseable {

    private static final Pattern SENT = Pattern.compile("Sent (\\d+) bytes");

    private final int port;
    private final Path log;
    private final Path watchLog;

    private LinkShaper(int port, Path log) {
        this.port = port;
        this.log = log;
        this.watchLog = log.resolveSibling("tc-watch.log");
    }

    /** Why shaping must not happen here, or null: {@code lo} must be the only network interface. */
    static String refusal() {
        // /proc/net/dev is the namespace's own (/sys/class/net shows the one sysfs was mounted in)
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/net/dev"))) {
            List<String> names = lines.filter(l -> l.contains(":")).map(l -> l.substring(0, l.indexOf(':')).strip())
                    .sorted().toList();
            if (!names.equals(List.of("lo"))) {
                return "not in a private network namespace (interfaces " + names + "; lo must be the only one): run it"
                        + " through src/bench/run.sh, or `unshare -rn sh -c 'ip link set lo up && ./mvnw -o ...'`";
            }
        } catch (IOException e) {
            return "cannot read /proc/self/net/dev: " + e;
        }
        for (String tool : List.of("/usr/sbin/tc", "/usr/sbin/ip")) {
            if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr", "")))) {
                return tool + " missing (iproute2)";
            }
        }
        return null;
    }

    /** Brings {@code lo} up and shapes the traffic to and from {@code port} at {@code rate} ({@code 100mbit}). */
    static LinkShaper shape(int port, String rate, Path log) throws Exception {
        LinkShaper shaper = new LinkShaper(port, log);
        shaper.tc("ip", "link", "set", "lo", "up");
        shaper.tc("tc", "qdisc", "replace", "dev", "lo", "root", "handle", "1:", "htb");
        for (String classId : List.of("1:1", "1:2")) {
            shaper.tc(classCommand("add", classId, rate));
        }
        shaper.filter("dport", "1:1");
        shaper.filter("sport", "1:2");
        return shaper;
    }

    /** A new rate for both directions. */
    void rate(String rate) throws Exception {
        for (String classId : List.of("1:1", "1:2")) {
            tc(classCommand("change", classId, rate));
        }
    }

    /** Bytes (IP packets, headers included) that went to the port so far: the uploads on the wire. */
    long bytesToPort() throws Exception {
        String out = BenchSupport.run(List.of("tc", "-s", "class", "show", "dev", "lo", "classid", "1:1"), Map.of(),
                Thread.currentThread().getName().equals("first-byte") ? watchLog : log);
        Matcher m = SENT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no byte count in: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Watches the upload class from now on (every 50 ms, {@code tc -s}) until {@link FirstByte#seconds()}: when
     * the first 64 KiB went to the port, in seconds from now; a side's time before its first part leaves.
     */
    FirstByte watchFirstByte() throws Exception {
        long start = System.nanoTime();
        long baseline = bytesToPort();
        FirstByte watch = new FirstByte();
        Thread thread = new Thread(() -> {
            try {
                while (watch.seconds < 0 && !Thread.currentThread().isInterrupted()) {
                    if (bytesToPort() - baseline >= 64 * 1024) {
                        watch.seconds = (System.nanoTime() - start) / 1e9;
                    } else {
                        Thread.sleep(50);
                    }
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                watch.seconds = Double.NaN;
            }
        }, "first-byte");
        thread.setDaemon(true);
        thread.start();
        watch.thread = thread;
        return watch;
    }

    /** When the first bytes of an upload went on the wire. */
    static final class FirstByte {
        private volatile double seconds = -1;
        private Thread thread;

        /** Seconds from the start of the watch, or -1 when nothing went yet (the watch stops). */
        double seconds() {
            thread.interrupt();
            return seconds;
        }
    }

    /** Removes the shaping. */
    @Override
    public void close() throws Exception {
        tc("tc", "qdisc", "del", "dev", "lo", "root");
    }

    /**
     * Loopback sends segments of up to 64 KiB (its MTU and GSO): a burst below that would hold every segment back
     * until the bucket refills past it, so each class may send 64 KiB at once (5 ms at 100 Mbit/s, 52 ms at 10).
     */
    private static String[] classCommand(String verb, String classId, String rate) {
        return new String[] {"tc", "class", verb, "dev", "lo", "parent", "1:", "classid", classId, "htb", "rate", rate,
            "ceil", rate, "burst", "64k", "cburst", "64k"};
    }

    private void filter(String field, String classId) throws Exception {
        tc("tc", "filter", "add", "dev", "lo", "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip",
                field, Integer.toString(port), "0xffff", "flowid", classId);
    }

    private void tc(String... command) throws Exception {
        BenchSupport.run(List.of(command), Map.of(), log);
    }
}
