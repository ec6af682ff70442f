package io.akosha.sync.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file of lines, rotated by size only: when a line would take the file past {@code maxBytes}, the
 * file becomes {@code name.1}, {@code name.1} becomes {@code name.2} and so on up to {@code backups}; the oldest is
 * dropped. Never rotated at start, so a restart (or another program looking at the file) does not lose its place.
 * One writer per file: the sidecar, which holds the spool lock.
 */
final class AuditFile {

    private final Path path;
    private final long maxBytes;
    private final int backups;
    private FileChannel channel;
    private long size;

    AuditFile(Path path, long maxBytes, int backups) {
        this.path = path.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.backups = backups;
    }

    synchronized void append(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (channel == null) {
            open();
        }
        if (size > 0 && size + bytes.length > maxBytes) {
            rotate();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        size += bytes.length;
    }

    synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void open() throws IOException {
        Files.createDirectories(path.getParent());
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        size = channel.size();
    }

    private void rotate() throws IOException {
        close();
        if (backups == 0) {
            Files.deleteIfExists(path);
        } else {
            Files.deleteIfExists(backup(backups));
            for (int i = backups - 1; i >= 1; i--) {
                if (Files.exists(backup(i))) {
                    Files.move(backup(i), backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(path, backup(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path backup(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }
}
