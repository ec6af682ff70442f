package io.akosha.sync.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit file on a real file system: appended across restarts, rotated by size only. */
class AuditFileTest {

    @TempDir
    Path dir;

    @Test
    void aRestartAppendsWithoutRotating() throws IOException {
        Path path = dir.resolve("audit.log");
        AuditFile first = new AuditFile(path, 1024, 3);
        first.append("{\"n\":1}");
        first.close();
        AuditFile second = new AuditFile(path, 1024, 3);
        second.append("{\"n\":2}");
        second.close();
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), Files.readAllLines(path));
        assertFalse(Files.exists(dir.resolve("audit.log.1")));
    }

    @Test
    void rotatesWhenTheNextLineWouldPassTheSizeAndKeepsTheNewestBackups() throws IOException {
        Path path = dir.resolve("audit.log");
        AuditFile file = new AuditFile(path, 22, 2);
        for (int i = 1; i <= 5; i++) {
            file.append("{\"line\":" + i + "}"); // 11 bytes with its newline: two per file
        }
        file.close();
        assertEquals(List.of("{\"line\":5}"), Files.readAllLines(path));
        assertEquals(List.of("{\"line\":3}", "{\"line\":4}"), Files.readAllLines(dir.resolve("audit.log.1")));
        assertEquals(List.of("{\"line\":1}", "{\"line\":2}"), Files.readAllLines(dir.resolve("audit.log.2")));
        assertFalse(Files.exists(dir.resolve("audit.log.3")), "two backups kept");
    }

    @Test
    void withoutBackupsTheFullFileIsDropped() throws IOException {
        Path path = dir.resolve("sub/audit.log");
        AuditFile file = new AuditFile(path, 20, 0);
        for (int i = 1; i <= 3; i++) {
            file.append("{\"line\":" + i + "}");
        }
        file.close();
        assertEquals(List.of("{\"line\":3}"), Files.readAllLines(path));
        assertFalse(Files.exists(dir.resolve("sub/audit.log.1")));
    }
}
