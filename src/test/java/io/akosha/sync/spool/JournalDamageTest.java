package io.akosha.sync.spool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Property: whatever one piece of damage does to a journal of random records (cut at any offset, any single byte
 * flipped, any byte inserted anywhere), replay succeeds, returns only records that were written, in their order,
 * and every record the damage did not touch.
 */
class JournalDamageTest {

    /** Text with the bytes that matter to the format: hex digits, spaces, braces, quotes, newlines, non-ASCII. */
    private static final String TRICKY = "0123456789abcdef {}\"\\\n\t";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Entry(String id, String text, long n) {
    }

    enum Damage {
        TRUNCATE, FLIP, INSERT
    }

    private Path dir;

    @BeforeTry
    void createDir() throws IOException {
        dir = Files.createTempDirectory("journal-damage");
    }

    @AfterTry
    void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        Arbitrary<String> text = Arbitraries.strings().withChars(TRICKY).withCharRange('a', 'z')
                .withCharRange('\u00e0', '\u00ff').withCharRange('\u4e00', '\u4e0f').ofMaxLength(60);
        Arbitrary<Entry> entry = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                text, Arbitraries.longs()).as(Entry::new);
        return entry.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 400)
    void oneDamageLosesOnlyWhatItTouched(@ForAll("entries") List<Entry> entries, @ForAll Damage damage,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
            @ForAll @IntRange(min = 1, max = 255) int value) throws IOException {
        Path file = dir.resolve("journal.log");
        Journal<Entry> journal = new Journal<>(file, MAPPER, Entry.class);
        List<long[]> spans = new ArrayList<>(); // [first byte, newline] of each record
        try (journal) {
            journal.compactAndOpen(List.of());
            long start = 0;
            for (Entry e : entries) {
                long end = journal.write(e);
                spans.add(new long[] {start, end - 1});
                start = end;
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        int at;
        switch (damage) {
            case TRUNCATE -> {
                at = where % (bytes.length + 1);
                bytes = Arrays.copyOf(bytes, at);
            }
            case FLIP -> {
                at = where % bytes.length;
                bytes[at] ^= (byte) value;
            }
            default -> {
                at = where % (bytes.length + 1);
                ByteArrayOutputStream inserted = new ByteArrayOutputStream();
                inserted.write(bytes, 0, at);
                inserted.write(value == 1 ? '\n' : value); // a newline too
                inserted.write(bytes, at, bytes.length - at);
                bytes = inserted.toByteArray();
            }
        }
        Files.write(file, bytes);

        List<Entry> replayed = new Journal<>(file, MAPPER, Entry.class).replay();

        List<Entry> untouched = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            long first = spans.get(i)[0];
            long newline = spans.get(i)[1];
            boolean touched = switch (damage) {
                case TRUNCATE -> newline >= at;
                case FLIP -> first <= at && at <= newline;
                case INSERT -> first < at && at <= newline;
            };
            if (!touched) {
                untouched.add(entries.get(i));
            }
        }
        assertTrue(isSubsequence(replayed, entries), "only written records, in order: " + replayed);
        assertTrue(isSubsequence(untouched, replayed), "every untouched record survives: " + replayed);
    }

    private static <T> boolean isSubsequence(List<T> part, List<T> whole) {
        int i = 0;
        for (T t : whole) {
            if (i < part.size() && part.get(i).equals(t)) {
                i++;
            }
        }
        return i == part.size();
    }
}
