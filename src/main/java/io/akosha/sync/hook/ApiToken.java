package io.akosha.sync.hook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The sidecar's API token, as the sidecar itself is given it: {@code AKOSHA_API_TOKEN}, else the content of the file
 * {@code AKOSHA_API_TOKEN_FILE} names. The value never leaves this class except as the bearer header; what is
 * printed is only {@link #whenRefused()}, which says where the token came from (or why there is none).
 */
final class ApiToken {

    private static final int MAX_FILE_BYTES = 4096;

    private final String value;
    private final String whenRefused;

    private ApiToken(String value, String whenRefused) {
        this.value = value;
        this.whenRefused = whenRefused;
    }

    static ApiToken from(Map<String, String> env) {
        String token = env.get("AKOSHA_API_TOKEN");
        if (token != null && !token.isBlank()) {
            return new ApiToken(token.strip(), "the token from AKOSHA_API_TOKEN was not accepted");
        }
        String file = env.get("AKOSHA_API_TOKEN_FILE");
        if (file == null || file.isBlank()) {
            return new ApiToken(null, "no token sent: set AKOSHA_API_TOKEN or AKOSHA_API_TOKEN_FILE");
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            String content = new String(in.readNBytes(MAX_FILE_BYTES), StandardCharsets.UTF_8).strip();
            return content.isEmpty() ? new ApiToken(null, "no token sent: AKOSHA_API_TOKEN_FILE " + file + " is empty")
                    : new ApiToken(content, "the token from AKOSHA_API_TOKEN_FILE " + file + " was not accepted");
        } catch (IOException | InvalidPathException unreadable) {
            return new ApiToken(null, "no token sent: AKOSHA_API_TOKEN_FILE " + file + " is not readable");
        }
    }

    /** The {@code Authorization} header's value, or null when there is no token. */
    String bearer() {
        return value == null ? null : "Bearer " + value;
    }

    /** What to add to a 401: where the token came from, or why none was sent. */
    String whenRefused() {
        return whenRefused;
    }

    @Override
    public String toString() {
        return value == null ? "no token" : "a token";
    }
}
