package io.akosha.sync.sync;

import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.support.TestRecords;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;

/** A real registry over a journal in {@code spool}, outside CDI, for plain unit tests. */
public final class TestRegistry {

    private TestRegistry() {
    }

    public static SyncRegistry open(Path spool) {
        return open(spool, 1000);
    }

    /** A registry that keeps only the newest {@code keepDelivered} delivered syncs at compaction. */
    public static SyncRegistry open(Path spool, int keepDelivered) {
        SpoolConfig config = spool(spool, keepDelivered);
        @SuppressWarnings("unchecked") // status changes go nowhere here: no audit in these tests
        Event<SyncTransition> nowhere = (Event<SyncTransition>) Proxy.newProxyInstance(
                TestRegistry.class.getClassLoader(), new Class<?>[] {Event.class}, (proxy, method, args) -> null);
        SyncRegistry registry = new SyncRegistry(config, TestRecords.MAPPER, nowhere);
        registry.open();
        return registry;
    }

    public static void close(SyncRegistry registry) throws IOException {
        registry.close();
    }

    public static SpoolConfig spool(Path dir) {
        return spool(dir, 1000);
    }

    private static SpoolConfig spool(Path dir, int keepDelivered) {
        return new SpoolConfig() {
            @Override
            public Path spoolDir() {
                return dir;
            }

            @Override
            public int keepDelivered() {
                return keepDelivered;
            }
        };
    }
}
