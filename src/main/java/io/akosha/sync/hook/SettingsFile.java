package io.akosha.sync.hook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.spool.Fsync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A Claude Code settings file: read strictly (a key given twice would otherwise lose one of its values when the
 * file is written back), written back pretty as Claude Code writes it, atomically, after a backup of the old file.
 */
final class SettingsFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");
    private static final ObjectReader STRICT = HookJson.MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // numbers written back as they were: 1.50 stays
            .with(JsonNodeFactory.withExactBigDecimals(true));

    private SettingsFile() {
    }

    /** The settings, an empty object when the file does not exist or is blank; throws when it is not a JSON object. */
    static ObjectNode read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return HookJson.MAPPER.createObjectNode();
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (content.isBlank()) {
            return HookJson.MAPPER.createObjectNode();
        }
        JsonNode root;
        try {
            root = STRICT.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("it is not valid JSON: " + Printable.of(e)
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("it is not a JSON object");
        }
        return (ObjectNode) root;
    }

    /** Two-space indents, {@code "key": value}, lists one item a line. */
    static String pretty(ObjectNode settings) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        return HookJson.MAPPER.writer(printer).writeValueAsString(settings) + "\n";
    }

    /**
     * Copies the old file (if any) to a backup beside it, then replaces it with {@code settings}: a temporary file
     * with the old file's permissions, fsynced, renamed over it. Returns the backup, or null when there was no file.
     * A symbolic link (dotfiles kept elsewhere) is followed: its target is replaced, the link stays.
     */
    static Path write(Path file, ObjectNode settings) throws IOException {
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path backup = null;
        if (Files.exists(target)) {
            backup = dir.resolve(target.getFileName() + ".bak-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)));
            Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES);
        }
        byte[] bytes = pretty(settings).getBytes(StandardCharsets.UTF_8);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp"); // owner-only until renamed
        try {
            if (backup != null && Files.getFileAttributeView(target, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Fsync.directory(dir);
        return backup;
    }
}
