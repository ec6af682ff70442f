package io.akosha.sync.api;

import io.akosha.sync.digest.Digests;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The bearer token of {@code akosha.api.token}, checked in constant time: one check for the event API
 * ({@link ApiGuard}) and the MCP tools ({@code /mcp}), so both take exactly the same token. Only a SHA-256 of the
 * token is kept.
 */
@ApplicationScoped // a client proxy: built at the first request, when the runtime configuration is there
public class BearerToken {

    /** {@code WWW-Authenticate} challenge of a request that sent no token. */
    public static final String REALM = "Bearer realm=\"akosha-sync\"";

    private final byte[] tokenDigest;

    public BearerToken(ApiConfig config) {
        this.tokenDigest = config.token().filter(t -> !t.isBlank()).map(BearerToken::sha256).orElse(null);
    }

    /** Whether a token is configured (without one, every request passes). */
    public boolean required() {
        return tokenDigest != null;
    }

    /** Why the Authorization header does not authenticate, or null when it does (or no token is configured). */
    public String problem(String authorization) {
        if (tokenDigest == null) {
            return null;
        }
        if (authorization == null || authorization.isBlank()) {
            return "no Authorization header";
        }
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return "Authorization is not a bearer token";
        }
        byte[] presented = sha256(authorization.substring(space + 1).strip());
        // digests of equal length, compared without an early exit: the time says nothing about the token
        return MessageDigest.isEqual(presented, tokenDigest) ? null : "wrong bearer token";
    }

    /** The {@code WWW-Authenticate} value for a refused request. */
    public static String challenge(String authorization) {
        return authorization == null ? REALM : REALM + ", error=\"invalid_token\"";
    }

    private static byte[] sha256(String value) {
        return Digests.sha256().digest(value.getBytes(StandardCharsets.UTF_8));
    }
}
