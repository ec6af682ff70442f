package io.akosha.sync.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One sidecar per spool: an exclusive OS lock on {@value #NAME} in the spool directory, held for the life of the
 * process and released by the kernel when the process dies (a kill -9 leaves no stale lock behind). The file says
 * which process holds it, for the message a second one prints. Within one process the spools held are kept in a
 * set, because closing any channel on a locked file would release the process's lock on it.
 */
public final class SpoolLock implements AutoCloseable {

    public static final String NAME = "akosha-sync.lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path spool;
    private final FileChannel channel;
    private final FileLock lock;

    private SpoolLock(Path spool, FileChannel channel, FileLock lock) {
        this.spool = spool;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws SpoolInUseException when another process (or this one) already holds the spool */
    public static SpoolLock acquire(Path spoolDir) throws IOException {
        Path spool = Files.createDirectories(spoolDir).toRealPath();
        Path file = spool.resolve(NAME);
        if (!HELD.add(spool)) {
            throw new SpoolInUseException(spool, "this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new SpoolInUseException(spool, holder(file));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return new SpoolLock(spool, channel, lock);
        } catch (IOException | RuntimeException e) { // SpoolInUseException included
            if (channel != null) {
                channel.close();
            }
            HELD.remove(spool);
            throw e;
        }
    }

    private static String holder(Path file) {
        try {
            String said = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return said.isEmpty() ? "another process" : "another process (" + said + ")";
        } catch (IOException e) {
            return "another process";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD.remove(spool);
        }
    }
}
