package io.akosha.sync.sync;

import io.akosha.sync.digest.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Upload ids, the name of an upload's prefix in the bucket: {@code {yyyyMMdd'T'HHmmss'Z'}_{sessionId}}, within
 * Akosha's rule {@code ^[A-Za-z0-9_.-]{1,100}$} without {@code ..}. A session id too long for it is cut and ends
 * in a hash of the whole id, so that the upload id stays the same for the same session and differs between
 * sessions: {@code 20261201T185000Z_<first 66 characters>-<16 hex digits>}.
 */
public final class UploadIds {

    public static final int MAX_LENGTH = 100;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int TIME_LENGTH = 16;
    private static final int HASH_LENGTH = 16;

    private UploadIds() {
    }

    /** The upload id of a sync of {@code sessionId} accepted at {@code time}. */
    public static String of(Instant time, String sessionId) {
        String time16 = TIME.format(time);
        String id = time16 + "_" + sessionId;
        if (id.length() <= MAX_LENGTH) {
            return id;
        }
        MessageDigest digest = Digests.sha256();
        digest.update(sessionId.getBytes(StandardCharsets.UTF_8));
        int keep = MAX_LENGTH - TIME_LENGTH - 1 - 1 - HASH_LENGTH;
        return time16 + "_" + sessionId.substring(0, keep) + "-" + Digests.hex(digest).substring(0, HASH_LENGTH);
    }

    /**
     * The upload id of a later sync of the same session: its time is after the one of {@code previous}, so that two
     * ends of one session within a second never share a prefix.
     */
    static String after(Instant time, String sessionId, String previous) {
        Instant t = time.truncatedTo(ChronoUnit.SECONDS);
        Instant before = timeOf(previous);
        if (before != null && !t.isAfter(before)) {
            t = before.plusSeconds(1);
        }
        return of(t, sessionId);
    }

    private static Instant timeOf(String uploadId) {
        try {
            return uploadId.length() < TIME_LENGTH ? null : Instant.from(TIME.parse(uploadId.substring(0, TIME_LENGTH)));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
