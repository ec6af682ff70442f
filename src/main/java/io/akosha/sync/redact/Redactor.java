package io.akosha.sync.redact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text that leaves the process: log lines, exception messages, problem details, the sync
 * status' {@code error}. Two layers: the secret values themselves (configured ones, and credentials the
 * sidecar obtained at run time, e.g. STS session tokens) and patterns of things that are secret whatever
 * their value (bearer tokens, SigV4 signatures and credentials, session tokens, presigned query strings,
 * AWS key ids, JWTs, passwords in URLs).
 */
public final class Redactor {

    public static final String MASK = "****";

    /** Shorter values are not masked by value (they would mask ordinary words); patterns still apply. */
    static final int MIN_SECRET_LENGTH = 6;
    private static final int MAX_RUNTIME_SECRETS = 32;

    private static final List<Rule> RULES = List.of(
            // Authorization: Bearer x / Basic x (a token-like value: "bearer token" in prose stays)
            new Rule("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}", "$1 " + MASK),
            // Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...
            new Rule("(?i)\\b(aws4-hmac-sha256)\\s+[^\\s\"'<>]+(?:,\\s*[A-Za-z]+=[^\\s,\"'<>]+)*", "$1 " + MASK),
            // header form: X-Amz-Security-Token: value
            new Rule("(?i)\\b(authorization|proxy-authorization|cookie|x-amz-security-token|x-amz-signature"
                    + "|x-amz-credential|x-api-key)(\"?\\s*:\\s*\"?)(?!\\s*(?:bearer|basic|aws4-hmac-sha256)\\b)"
                    + "[^\\s\",;<>]{6,}", "$1$2" + MASK),
            // query and form parameters of presigned URLs and token exchanges
            new Rule("(?i)\\b(x-amz-signature|x-amz-credential|x-amz-security-token|signature|awsaccesskeyid"
                    + "|access_token|id_token|refresh_token|token|api_key|apikey|password|secret|webidentitytoken)"
                    + "=([^&\\s\"'<>]+)", "$1=" + MASK),
            // key=value and "key": "value" for secret-looking keys (config dumps, JSON, credentials files)
            new Rule("(?i)\\b(aws_secret_access_key|aws_session_token|secret[_-]?access[_-]?key|session[_-]?token"
                    + "|client[_-]?secret|private[_-]?key|fallback\\.token|api\\.token|akosha_fallback_token"
                    + "|akosha_api_token|akosha_cloud_secret_access_key|akosha_cloud_access_key_id"
                    + "|access[_-]?key[_-]?id)(\\s*=\\s*\"?|\"\\s*:\\s*\")[^\\s\"',;&<>]+", "$1$2" + MASK),
            // credentials inside a URL: https://user:password@host
            new Rule("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s:@\"'<>]+:[^/\\s@\"'<>]*@", "$1" + MASK + "@"),
            // AWS access key ids (long-term AKIA, temporary ASIA, ...)
            new Rule("\\b(AKIA|ASIA|AROA|AIDA|ANPA|AGPA)[A-Z0-9]{12,}\\b", "$1" + MASK),
            // JSON web tokens
            new Rule("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*", MASK));

    private static final Pattern CONVERSION = Pattern.compile("config value \"([^\"]+)\"");

    private static final Set<String> CONFIGURED = new LinkedHashSet<>();
    private static final Set<String> RUNTIME = new LinkedHashSet<>();
    private static volatile List<String> byLength = List.of();

    private Redactor() {
    }

    /** A configured secret (token, key): masked wherever it appears. */
    public static synchronized void configured(String value) {
        if (value != null && value.strip().length() >= MIN_SECRET_LENGTH && CONFIGURED.add(value.strip())) {
            rebuild();
        }
    }

    /** A secret obtained at run time (a session token, a temporary key): the latest ones are remembered. */
    public static synchronized void runtime(String value) {
        if (value == null || value.strip().length() < MIN_SECRET_LENGTH || CONFIGURED.contains(value.strip())) {
            return;
        }
        RUNTIME.remove(value.strip());
        RUNTIME.add(value.strip());
        while (RUNTIME.size() > MAX_RUNTIME_SECRETS) {
            RUNTIME.remove(RUNTIME.iterator().next());
        }
        rebuild();
    }

    private static void rebuild() {
        List<String> all = new ArrayList<>(CONFIGURED);
        all.addAll(RUNTIME);
        all.sort(Comparator.comparingInt(String::length).reversed()); // a secret containing another goes first
        byLength = List.copyOf(all);
    }

    /** {@code text} with every known secret and every secret-looking token masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = maskConversionValues(text);
        for (String secret : byLength) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        for (Rule rule : RULES) {
            result = rule.apply(result);
        }
        return result;
    }

    /**
     * A configuration value that could not be converted is echoed by the configuration library (quoted as
     * {@code config value "x"}, then again in its own words); it may be a secret pasted into the wrong setting,
     * so every mention of it is masked. The message still names the property and what it expects.
     */
    static String maskConversionValues(String text) {
        Matcher quoted = CONVERSION.matcher(text);
        String result = text;
        while (quoted.find()) {
            String value = quoted.group(1);
            result = result.replace("\"" + value + "\"", "\"" + MASK + "\"");
            if (value.length() >= MIN_SECRET_LENGTH / 2) {
                result = result.replace(value, MASK);
            }
        }
        return result;
    }

    /**
     * {@code thrown} itself when nothing in its chain needs masking; otherwise a copy of the chain with masked
     * messages, the original class names and the original stack traces.
     */
    public static Throwable redact(Throwable thrown) {
        if (thrown == null || clean(thrown, 0)) {
            return thrown;
        }
        return RedactedException.copyOf(thrown, 0);
    }

    private static boolean clean(Throwable t, int depth) {
        if (t == null || depth > RedactedException.MAX_DEPTH) {
            return true;
        }
        String message = t.getMessage();
        if (message != null && !message.equals(redact(message))) {
            return false;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (!clean(suppressed, depth + 1)) {
                return false;
            }
        }
        return t.getCause() == t || clean(t.getCause(), depth + 1);
    }

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }

        String apply(String text) {
            Matcher m = pattern.matcher(text);
            return m.find() ? m.replaceAll(replacement) : text;
        }
    }

    /** Echoes client input safely: at most 80 printable ASCII characters. */
    public static String printable(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 80; i++) {
            char c = value.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return value.length() > 80 ? sb + "…" : sb.toString();
    }
}
