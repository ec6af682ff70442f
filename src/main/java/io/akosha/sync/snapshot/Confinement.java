package io.akosha.sync.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Where a name of the data directory leads, checked at copy time (the session-end API checked it once when it
 * accepted the event; the file may have been swapped since): the file itself, or the target of its symlink when
 * that target is a regular file directly in the data directory. Anything else is refused.
 */
final class Confinement {

    private final Path dataDir;

    /** @param dataDir the data directory's real path */
    Confinement(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** @return the real, regular file {@code name} stands for; empty when there is none */
    Optional<Path> resolve(String name) throws IOException, FileRefusedException {
        Path path = dataDir.resolve(name);
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
            if (!dataDir.equals(file.getParent())) {
                throw new FileRefusedException("'" + name + "' is a symlink leading out of the data directory");
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
