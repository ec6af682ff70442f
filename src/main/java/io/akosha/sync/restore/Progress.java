package io.akosha.sync.restore;

import java.io.PrintStream;

/**
 * Progress of long transfers on stderr: a line that updates in place on a terminal, one line per file
 * otherwise, nothing with {@code --json}.
 */
public final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final boolean quiet;
    private long lastPrinted;

    public Progress(PrintStream out, boolean terminal, boolean quiet) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    void advance(String name, long bytes, long total) {
        if (quiet || !terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrinted > 200_000_000L) {
            lastPrinted = now;
            int percent = total > 0 ? (int) Math.min(100, bytes * 100 / total) : 0;
            String bar = "#".repeat(percent / 5) + ".".repeat(20 - percent / 5);
            out.printf("\r%s [%s] %3d%% %,d bytes", name, bar, percent, bytes);
            out.flush();
        }
    }

    void done(String name) {
        if (quiet) {
            return;
        }
        out.print(terminal ? "\r" + name + ": done" + " ".repeat(20) + "\n" : name + ": done\n");
        out.flush();
    }
}
