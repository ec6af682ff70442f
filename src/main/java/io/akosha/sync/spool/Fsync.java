package io.akosha.sync.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability helpers for files and directories. */
public final class Fsync {

    private Fsync() {
    }

    /** Makes a rename or a new entry in {@code dir} durable (no-op where directories cannot be opened). */
    public static void directory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
        }
    }
}
