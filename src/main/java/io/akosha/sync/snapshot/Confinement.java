package io.akosha.sync.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Where a stored name leads, checked at copy time (the session-end API checked it once when it
 * accepted the event; the file may have been swapped since): the file itself, or the target of its symlink when
 * that target is a regular file directly in the same directory. Anything else is refused.
 */
final class Confinement {

    private final Path dir;
    private final String storedName;
    private final String fileName;

    /**
     * @param dir        the real path of the directory a stored name is taken from (the data directory or an extra one)
     * @param storedName the name the sync records (the file's name, prefixed for an extra directory)
     * @param fileName   the file's name in that directory
     */
    Confinement(Path dir, String storedName, String fileName) {
        this.dir = dir;
        this.storedName = storedName;
        this.fileName = fileName;
    }

    /**
     * @param name the stored name of the file or of its {@code .wal} sibling
     * @return the real, regular file {@code name} stands for; empty when there is none
     */
    Optional<Path> resolve(String name) throws IOException, FileRefusedException {
        Path path = dir.resolve(fileName + name.substring(storedName.length()));
        BasicFileAttributes attrs = attributes(path);
        if (attrs == null) {
            return Optional.empty();
        }
        Path file = path;
        if (attrs.isSymbolicLink()) {
            try {
                file = path.toRealPath();
            } catch (NoSuchFileException e) {
                return Optional.empty(); // a dangling symlink: the file it named is gone
            }
            if (!dir.equals(file.getParent())) {
                throw new FileRefusedException("'" + name + "' is a symlink leading out of its directory");
            }
            attrs = attributes(file);
            if (attrs == null) {
                return Optional.empty();
            }
        }
        if (!attrs.isRegularFile()) {
            throw new FileRefusedException("'" + name + "' is not a regular file");
        }
        return Optional.of(file);
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
