package io.akosha.sync.local;

import io.akosha.sync.spool.Fsync;
import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.ObjectSink;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A directory laid out like the bucket. Each object is written to a temporary file beside its final name,
 * fsynced and renamed atomically, so a reader sees either nothing or the whole object.
 */
public final class LocalDestination implements Destination {

    private static final String TMP_SUFFIX = ".tmp";

    private final Path root;

    public LocalDestination(Path root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public ObjectSink open(String key, String contentType) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        String tmpPrefix = "." + target.getFileName() + ".";
        deleteLeftovers(target.getParent(), tmpPrefix);
        Path tmp = target.resolveSibling(tmpPrefix + UUID.randomUUID() + TMP_SUFFIX);
        FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new LocalSink(channel, tmp, target);
    }

    @Override
    public void probe() throws IOException {
        Files.createDirectories(root);
        Files.delete(Files.createTempFile(root, ".probe", TMP_SUFFIX));
    }

    @Override
    public void put(String key, byte[] content, String contentType) throws IOException {
        try (ObjectSink sink = open(key, contentType)) {
            sink.write(content, 0, content.length);
            sink.commit();
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
                    .filter(k -> k.startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public InputStream read(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public boolean exists(String key) throws IOException {
        return Files.isRegularFile(resolve(key));
    }

    /** Temporary files of an earlier attempt at the same object (the process died before the rename). */
    private static void deleteLeftovers(Path dir, String tmpPrefix) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, p -> {
            String name = p.getFileName().toString();
            return name.startsWith(tmpPrefix) && name.endsWith(TMP_SUFFIX);
        })) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private Path resolve(String key) throws IOException {
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root.normalize())) {
            throw new IOException("object key leaves the local destination");
        }
        return target;
    }

    private static final class LocalSink implements ObjectSink {
        private final FileChannel channel;
        private final OutputStream out;
        private final Path tmp;
        private final Path target;
        private boolean committed;

        LocalSink(FileChannel channel, Path tmp, Path target) {
            this.channel = channel;
            this.out = Channels.newOutputStream(channel);
            this.tmp = tmp;
            this.target = target;
        }

        @Override
        public void write(byte[] chunk, int offset, int length) throws IOException {
            out.write(chunk, offset, length);
        }

        @Override
        public int commit() throws IOException {
            channel.force(true);
            channel.close();
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Fsync.directory(target.getParent());
            committed = true;
            return 1;
        }

        @Override
        public void close() {
            if (!committed) {
                try {
                    channel.close();
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // best effort: a leftover temp file is hidden and never listed as an object
                }
            }
        }
    }
}
