package io.akosha.sync.spool;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * Append-only journal of records of one type (a sync's versions, an upload's progress), one line per record:
 * {@code <crc32c hex> <json>\n}.
 * <ul>
 * <li>An append returns only once the record is on disk (fsync); concurrent appends share one fsync (group
 * commit).</li>
 * <li>A write that failed (a full disk, an I/O error) may have left part of a line behind: the file is cut back to
 * the end of the last whole record before anything else is appended, and until that succeeded every append
 * fails, so a torn line never has a good record glued onto it. {@link #recording()} says whether the last write
 * reached the disk; {@link #probe()} tries again without a record.</li>
 * <li>Replay reads bytes, not text: a record whose checksum does not match (a torn line, a flipped or inserted
 * byte, bytes that are not UTF-8) is skipped with a warning, and every intact record before and after it is kept,
 * also one whose line lost its newline to the damage.</li>
 * </ul>
 */
public final class Journal<T> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Journal.class);
    private static final HexFormat HEX = HexFormat.of();
    /** {@code <8 hex digits> <json object>}: the shortest possible record line, without its newline. */
    private static final int MIN_LINE = 11;

    private final Path file;
    private final ObjectMapper mapper;
    private final Class<T> type;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    /** Not a FileChannel: an interrupt (a @Timeout firing on a caller's thread) must not close it. */
    private RandomAccessFile out;
    /** End of the last whole record written; the file may hold a torn tail beyond it until {@link #repair}. */
    private long written;
    private long synced;
    private boolean torn;
    private volatile boolean recording = true;

    public Journal(Path file, ObjectMapper mapper, Class<T> type) {
        this.file = file;
        this.mapper = mapper;
        this.type = type;
    }

    /** Reads every intact record, in the order written. */
    public List<T> replay() {
        List<T> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            int lineNo = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                lineNo++;
                decodeLine(line.toByteArray(), lineNo, records);
                line.reset();
            }
            if (line.size() > 0) {
                decodeLine(line.toByteArray(), lineNo + 1, records);
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
    public void compactAndOpen(Collection<T> live) throws IOException {
        if (out != null) {
            out.close(); // compaction while running: the caller holds off every writer
        }
        AtomicFile.write(file, compacted -> {
            for (T record : live) {
                byte[] line = encode(record);
                AtomicFile.writeFully(compacted, line, line.length);
            }
        });
        out = new RandomAccessFile(file.toFile(), "rw");
        written = out.length();
        synced = written;
        torn = false;
        recording = true;
    }

    /** Appends one record and returns once it is durable. */
    public void append(T record) {
        sync(write(record));
    }

    /**
     * Appends one record without waiting for the disk: it becomes durable with the next {@link #append}.
     * For progress that is cheap to redo after a crash (an attempt started, a snapshot staged).
     *
     * @return the journal position after the record
     */
    public long write(T record) {
        return writeLine(encode(record));
    }

    /**
     * Whether the journal can record: after a failed write, tries once more (cutting a torn tail, then writing and
     * syncing an empty line, which replay ignores).
     */
    public boolean probe() {
        if (recording) {
            return true;
        }
        try {
            sync(writeLine(new byte[] {'\n'}));
        } catch (UncheckedIOException e) {
            return false;
        }
        return true;
    }

    /** Whether the last write and sync reached the disk. */
    public boolean recording() {
        return recording;
    }

    private long writeLine(byte[] line) {
        synchronized (writeLock) {
            try {
                repair();
                out.seek(written);
                out.write(line);
            } catch (IOException e) {
                torn = true;
                recording = false;
                try {
                    repair(); // usually possible at once: cutting a file back frees space
                } catch (IOException stillTorn) {
                    e.addSuppressed(stillTorn);
                }
                throw new UncheckedIOException("Cannot append to journal " + file, e);
            }
            written += line.length;
            return written;
        }
    }

    /** Cuts a line a failed write left behind, so that the next record starts on a line of its own. */
    private void repair() throws IOException {
        if (torn) {
            out.setLength(written);
            torn = false;
            LOG.infof("Journal %s: cut back to the last whole record (%d bytes) after a failed write", file, written);
        }
    }

    private void sync(long end) {
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
            recording = false;
            throw new UncheckedIOException("Cannot append to journal " + file, e);
        }
        recording = true;
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

    byte[] encode(T record) {
        try {
            byte[] json = mapper.writeValueAsBytes(record);
            CRC32C crc = new CRC32C();
            crc.update(json);
            byte[] head = (HEX.toHexDigits((int) crc.getValue()) + " ").getBytes(StandardCharsets.US_ASCII);
            byte[] line = new byte[head.length + json.length + 1];
            System.arraycopy(head, 0, line, 0, head.length);
            System.arraycopy(json, 0, line, head.length, json.length);
            line[line.length - 1] = '\n';
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes one line; a line that is not one intact record is searched for the records it may still hold (the
     * newline between two records was damaged, or a stray byte precedes a record): every position that starts like
     * a record is tried up to every later such position and the line's end, and only what the checksum confirms is
     * kept.
     */
    private void decodeLine(byte[] line, int lineNo, List<T> records) {
        if (line.length == 0) {
            return; // written by probe()
        }
        T whole = decode(line, 0, line.length);
        if (whole != null) {
            records.add(whole);
            return;
        }
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + MIN_LINE <= line.length; i++) {
            if (looksLikeStart(line, i)) {
                starts.add(i);
            }
        }
        int found = 0;
        int consumed = 0;
        for (int s = 0; s < starts.size(); s++) {
            int from = starts.get(s);
            if (from < consumed) {
                continue;
            }
            for (int e = s + 1; e <= starts.size(); e++) {
                int to = e < starts.size() ? starts.get(e) - 1 : line.length;
                T record = to > from ? decode(line, from, to) : null;
                if (record != null) {
                    records.add(record);
                    found++;
                    consumed = to;
                    break;
                }
            }
        }
        LOG.warnf("Journal %s: line %d is torn or corrupt; skipped%s", file, lineNo,
                found > 0 ? " but for " + found + " intact record(s) found in it" : "");
    }

    private static boolean looksLikeStart(byte[] line, int at) {
        for (int i = at; i < at + 8; i++) {
            if (Character.digit(line[i], 16) < 0 || Character.isUpperCase(line[i])) {
                return false;
            }
        }
        return line[at + 8] == ' ' && line[at + 9] == '{';
    }

    private T decode(byte[] line, int from, int to) {
        if (to - from < MIN_LINE || !looksLikeStart(line, from)) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(line, from + 9, to - from - 9);
        String expected = new String(line, from, 8, StandardCharsets.US_ASCII);
        if (!HEX.toHexDigits((int) crc.getValue()).equals(expected)) {
            return null;
        }
        try {
            return mapper.readValue(line, from + 9, to - from - 9, type);
        } catch (IOException e) {
            return null;
        }
    }
}
