package io.akosha.sync.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/** Size, modification time and identity (device and inode) of a file (never of a symlink's target), or its absence. */
record FileState(boolean exists, long size, FileTime modified, Object fileKey) {

    static final FileState ABSENT = new FileState(false, -1, null, null);

    static FileState of(Path file) throws IOException {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new FileState(true, attrs.size(), attrs.lastModifiedTime(), attrs.fileKey());
        } catch (NoSuchFileException e) {
            return ABSENT;
        }
    }
}
