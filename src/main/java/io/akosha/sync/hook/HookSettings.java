package io.akosha.sync.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SessionEnd entry in Claude Code's settings ({@code hooks.SessionEnd}: a list of matcher groups, each with its
 * {@code hooks} list). Adding it touches nothing else: every other key, hook and group stays as it was.
 */
final class HookSettings {

    /** Seconds Claude Code gives the hook; the hook itself gives up after 2. */
    static final int TIMEOUT_SECONDS = 5;

    /** A command that already runs the hook, from wherever the executable lives: {@code …/akosha-sync hook}. */
    private static final Pattern RUNS_HOOK = Pattern.compile("akosha-sync\\S*\\s+hook(\\s|$)");

    private HookSettings() {
    }

    /**
     * The command of an entry that already runs {@code command} or {@code akosha-sync hook}, if there is one.
     * Throws when {@code hooks} or {@code hooks.SessionEnd} is there but not what Claude Code reads.
     */
    static Optional<String> installed(ObjectNode settings, String command) {
        for (JsonNode group : sessionEnd(settings, false)) {
            for (JsonNode hook : group.path("hooks")) {
                String existing = hook.path("command").asText("");
                if (existing.strip().equals(command.strip()) || RUNS_HOOK.matcher(existing).find()) {
                    return Optional.of(existing);
                }
            }
        }
        return Optional.empty();
    }

    /** Appends a group of its own holding the one entry, so that no other group's matcher applies to it. */
    static void add(ObjectNode settings, String command) {
        ObjectNode group = sessionEnd(settings, true).addObject();
        group.putArray("hooks").addObject().put("type", "command").put("command", command)
                .put("timeout", TIMEOUT_SECONDS);
    }

    private static ArrayNode sessionEnd(ObjectNode settings, boolean create) {
        JsonNode hooks = settings.get("hooks");
        if (hooks == null) {
            return create ? settings.putObject("hooks").putArray("SessionEnd") : settings.arrayNode();
        }
        if (!hooks.isObject()) {
            throw new IllegalArgumentException("its \"hooks\" is not an object");
        }
        JsonNode groups = hooks.get("SessionEnd");
        if (groups == null) {
            return create ? ((ObjectNode) hooks).putArray("SessionEnd") : settings.arrayNode();
        }
        if (!groups.isArray()) {
            throw new IllegalArgumentException("its \"hooks\".\"SessionEnd\" is not a list");
        }
        return (ArrayNode) groups;
    }
}
