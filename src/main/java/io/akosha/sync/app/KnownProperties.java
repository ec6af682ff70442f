package io.akosha.sync.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every {@code akosha.*} property the application reads, from the resource {@value #RESOURCE}: the config mappings'
 * properties and the few read only through expressions in application.properties or annotations
 * ({@code KnownPropertiesTest} checks the list against the mappings, on the JVM, where they can be introspected; the
 * native executable cannot, so it reads the list). A name is compared in its environment-variable form
 * ({@code akosha.cloud.bucket} is {@code AKOSHA_CLOUD_BUCKET}), so a property in a file and one in the environment
 * are checked alike.
 */
final class KnownProperties {

    static final String RESOURCE = "/akosha-sync-properties.txt";

    /** Read by the commands that run without the application (hook, status) and by the laptop launcher's commands. */
    static final List<String> COMMAND_VARIABLES = List.of("AKOSHA_SYNC_URL", "AKOSHA_API_TOKEN_FILE",
            "AKOSHA_LAUNCHER");

    private final Set<String> names = new TreeSet<>();

    KnownProperties() {
        try (InputStream in = KnownProperties.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dotted names, with {@code *} for a map key and {@code [*]} for a list index as the mappings give them. */
    Set<String> names() {
        return names;
    }

    /** Whether {@code name} (dotted, or an environment variable's name) is one of them. */
    boolean knows(String name) {
        String env = envForm(name);
        return COMMAND_VARIABLES.contains(env) || names.stream().anyMatch(n -> envPattern(n).matcher(env).matches());
    }

    /** The known name nearest to {@code name}, in the same form (dotted or variable), if one is near enough. */
    Optional<String> closest(String name) {
        String env = envForm(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : names) {
            if (known.contains("*")) {
                continue;
            }
            int d = distance(env, envForm(known));
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        if (best == null || bestDistance > Math.max(2, env.length() / 4)) {
            return Optional.empty();
        }
        return Optional.of(name.startsWith("AKOSHA_") ? envForm(best) + " (" + best + ")" : best);
    }

    /** {@code akosha.cloud.bucket} → {@code AKOSHA_CLOUD_BUCKET}, as SmallRye maps environment variables. */
    static String envForm(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return sb.toString();
    }

    private static Pattern envPattern(String known) {
        String[] parts = known.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            regex.append(Pattern.quote(envForm(parts[i])));
            if (i + 1 < parts.length) {
                regex.append("[A-Z0-9_]+");
            }
        }
        return Pattern.compile(regex + "(_[0-9]+_)?");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
