package io.akosha.sync.spool;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.sync.SyncRecord;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * Append-only journal of {@link SyncRecord} versions, one line per record: {@code <crc32c hex> <json>\n}.
 * An append returns only once the record is on disk (fsync); concurrent appends share one fsync (group
 * commit). Replay keeps every record whose checksum matches and skips a torn or corrupt line with a warning.
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Journal.class);
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final ObjectMapper mapper;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    private FileOutputStream out;
    private long written;
    private long synced;

    public Journal(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    /** Reads every intact record, in the order written. */
    public List<SyncRecord> replay() {
        List<SyncRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                SyncRecord record = decode(line);
                if (record == null) {
                    LOG.warnf("Journal %s: record at line %d is torn or corrupt, skipped", file, lineNo);
                } else {
                    records.add(record);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read journal " + file, e);
        }
        return records;
    }

    /**
     * Replaces the journal by one holding just {@code live} (write, fsync, atomic rename, fsync of the
     * directory), then opens it for appending.
     */
    public void compactAndOpen(Collection<SyncRecord> live) throws IOException {
        if (out != null) {
            out.close(); // compaction while running: the caller holds off every writer
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        try (FileChannel compacted = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (SyncRecord record : live) {
                writeFully(compacted, encode(record));
            }
            compacted.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(file.getParent());
        // a stream, not a FileChannel: an interrupt (a @Timeout firing on a caller's thread) must not close it
        out = new FileOutputStream(file.toFile(), true);
        written = Files.size(file);
        synced = written;
    }

    /** Appends one record and returns once it is durable. */
    public void append(SyncRecord record) {
        long end = write(record);
        try {
            synchronized (syncLock) {
                if (synced >= end) {
                    return; // another append's fsync covered this record
                }
                long target;
                synchronized (writeLock) {
                    target = written;
                }
                out.getFD().sync();
                synced = target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to journal " + file, e);
        }
    }

    /**
     * Appends one record without waiting for the disk: it becomes durable with the next {@link #append}.
     * For progress that is cheap to redo after a crash (an attempt started, a snapshot staged).
     *
     * @return the journal position after the record
     */
    public long write(SyncRecord record) {
        byte[] line = encode(record);
        synchronized (writeLock) {
            try {
                out.write(line);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot append to journal " + file, e);
            }
            written += line.length;
            return written;
        }
    }

    /** Bytes in the journal file, including records not yet fsynced. */
    public long size() {
        synchronized (writeLock) {
            return written;
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }

    byte[] encode(SyncRecord record) {
        try {
            byte[] json = mapper.writeValueAsBytes(record);
            CRC32C crc = new CRC32C();
            crc.update(json);
            String prefix = HEX.toHexDigits((int) crc.getValue()) + " ";
            byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
            byte[] line = new byte[head.length + json.length + 1];
            System.arraycopy(head, 0, line, 0, head.length);
            System.arraycopy(json, 0, line, head.length, json.length);
            line[line.length - 1] = '\n';
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SyncRecord decode(String line) {
        if (line.length() < 10 || line.charAt(8) != ' ') {
            return null;
        }
        byte[] json = line.substring(9).getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(json);
        if (!HEX.toHexDigits((int) crc.getValue()).equals(line.substring(0, 8))) {
            return null;
        }
        try {
            return mapper.readValue(json, SyncRecord.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
    }
}
