package io.akosha.sync.lifecycle;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The one thread factory of the sidecar's own threads. */
public final class Threads {

    private Threads() {
    }

    /** Daemon threads named {@code name}: they never keep the process alive past its stop. */
    public static ThreadFactory daemons(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Daemon threads named {@code prefix} followed by 1, 2, ... */
    public static ThreadFactory numberedDaemons(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> daemons(prefix + counter.incrementAndGet()).newThread(r);
    }
}
