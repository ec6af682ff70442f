package io.akosha.sync.app;

import io.akosha.sync.api.ApiConfig;
import io.akosha.sync.audit.AuditConfig;
import io.akosha.sync.cloud.CloudConfig;
import io.akosha.sync.compress.CompressionConfig;
import io.akosha.sync.dedup.DedupConfig;
import io.akosha.sync.fallback.FallbackConfig;
import io.akosha.sync.health.HealthConfig;
import io.akosha.sync.ingest.IntakeConfig;
import io.akosha.sync.lifecycle.ModeConfig;
import io.akosha.sync.lifecycle.ShutdownConfig;
import io.akosha.sync.local.LocalConfig;
import io.akosha.sync.mcp.McpConfig;
import io.akosha.sync.pipeline.ParkConfig;
import io.akosha.sync.snapshot.SnapshotConfig;
import io.akosha.sync.snapshot.SourceConfig;
import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.upload.DestinationConfig;
import io.akosha.sync.upload.UploadConfig;
import io.smallrye.config.ConfigMappings;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every {@code akosha.*} property the application reads: the config mappings' (a test checks the list is
 * complete) and the few read only through expressions in application.properties or annotations. A name is compared
 * in its environment-variable form ({@code akosha.cloud.bucket} is {@code AKOSHA_CLOUD_BUCKET}), so a property in a
 * file and one in the environment are checked alike.
 */
final class KnownProperties {

    static final List<Class<?>> MAPPINGS = List.of(ApiConfig.class, AuditConfig.class, CloudConfig.class,
            CompressionConfig.class, DedupConfig.class, FallbackConfig.class, HealthConfig.class, IntakeConfig.class,
            ModeConfig.class, ShutdownConfig.class, LocalConfig.class, McpConfig.class, ParkConfig.class,
            SnapshotConfig.class, SourceConfig.class, SpoolConfig.class, DestinationConfig.class, UploadConfig.class);

    /** Read through {@code ${...}} in application.properties and {@code @Scheduled}, not through a mapping. */
    static final List<String> BY_EXPRESSION = List.of("akosha.upload.max-in-flight", "akosha.fallback.max-in-flight",
            "akosha.upload.max-retries", "akosha.park.check-interval", "akosha.cloud.abort-retry-interval");

    /** Read by the commands that run without the application (hook, status). */
    static final List<String> COMMAND_VARIABLES = List.of("AKOSHA_SYNC_URL", "AKOSHA_API_TOKEN_FILE",
            "AKOSHA_LAUNCHER");

    private final Set<String> names = new TreeSet<>();

    KnownProperties() {
        for (Class<?> mapping : MAPPINGS) {
            names.addAll(ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping)).keySet());
        }
        names.addAll(BY_EXPRESSION);
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
