package io.akosha.sync.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The one way the sidecar replaces a file: written to a hidden temporary file beside it, fsynced, renamed
 * atomically over it and the directory fsynced, so a reader (or a restart) sees the old file or the whole new one,
 * never part of it. A failed write leaves no temporary file behind.
 */
public final class AtomicFile {

    /** Suffix of the temporary files; their names also start with a dot. */
    public static final String TMP_SUFFIX = ".tmp";

    private AtomicFile() {
    }

    /** What goes into the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = tmpBeside(target);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Fsync.directory(dir);
    }

    /**
     * Makes {@code target} a hard link to {@code source}, replacing it atomically; where the file system has no
     * hard links (or {@code source} is on another one), a whole copy written as {@link #write} does.
     */
    public static void linkOrCopy(Path source, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path link = tmpBeside(target);
        try {
            Files.createLink(link, source);
        } catch (UnsupportedOperationException | IOException noLink) {
            write(target, channel -> append(channel, source));
            return;
        }
        try {
            Files.move(link, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(link);
        }
        Fsync.directory(dir);
    }

    /** A hidden, unique name beside {@code target}: never listed as an object, never taken for another. */
    private static Path tmpBeside(Path target) {
        return target.toAbsolutePath().getParent()
                .resolve("." + target.getFileName() + "." + UUID.randomUUID() + TMP_SUFFIX);
    }

    public static void writeFully(FileChannel channel, byte[] bytes, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Appends the whole of {@code file}. */
    public static void append(FileChannel channel, Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            for (long done = 0; done < size;) {
                done += in.transferTo(done, size - done, channel);
            }
        }
    }
}
