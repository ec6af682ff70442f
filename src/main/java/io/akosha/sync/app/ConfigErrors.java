package io.akosha.sync.app;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up's configuration errors in plain words. The configuration library stops start-up with one line per value it
 * could not convert, in its own terms ({@code SRCFG00039: The config property … threw an Exception whilst being
 * converted SRCFG00049: Cannot convert … to enum class …}); each becomes one line naming the property, its environment
 * variable and what it must be (the value itself is left out: it may be a secret pasted into the wrong setting), and
 * each {@code akosha.*} name that no property has ({@code SRCFG00050}) names the closest one.
 */
final class ConfigErrors {

    private static final Pattern CONVERSION = Pattern.compile("(?:[\\w.]+Exception: )?SRCFG00039: The config property"
            + " (\\S+) with the config value \"(.*?)\" threw an Exception whilst being converted (.*)");
    private static final Pattern UNKNOWN = Pattern.compile("SRCFG00050: (\\S+) in (.+) does not map to any root");
    private static final Pattern ENUM = Pattern.compile("SRCFG00049: .*allowed values: (.*)$");

    private ConfigErrors() {
    }

    /** {@code text} with every conversion error rewritten; any other text as it was. */
    static String explain(String text) {
        if (text == null || !(text.contains("SRCFG00039") || text.contains("SRCFG00050"))) {
            return text;
        }
        StringBuilder result = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            Matcher m = CONVERSION.matcher(line);
            if (m.find()) {
                String property = m.group(1);
                result.append(line, 0, m.start()).append(property).append(" (")
                        .append(KnownProperties.envForm(property)).append("): ")
                        .append(expected(m.group(3), m.group(2)));
            } else if ((m = UNKNOWN.matcher(line)).find()) {
                String property = m.group(1);
                result.append(line, 0, m.start()).append(property).append(" (set in ").append(m.group(2))
                        .append("): no such property").append(new KnownProperties().closest(property).map(c -> "; did you mean " + c
                                + "?").orElse(" (docs/configuration.md lists every property)"));
            } else {
                result.append(line);
            }
            result.append('\n');
        }
        return result.substring(0, result.length() - 1);
    }

    private static String expected(String cause, String value) {
        Matcher enumeration = ENUM.matcher(cause);
        if (enumeration.find()) {
            return "must be one of " + enumeration.group(1).replace(",", ", ");
        }
        if (cause.contains("[0-9]+[BbKkMmGgTtPpEeZzYy]?")) {
            return "must be a size: a whole number of bytes, or with a unit K, M, G or T (e.g. 512K, 8M, 1G)";
        }
        if (cause.contains("DateTimeParseException") || cause.contains("Duration")) {
            return "must be a duration: a number with ms, s, m, h or d (e.g. 500ms, 30s, 5m), or ISO-8601 (PT30S)";
        }
        if (cause.contains("SRCFG00029") || cause.contains("NumberFormatException")) {
            return "must be a whole number";
        }
        return "cannot be read: " + (value.isEmpty() ? cause : cause.replace(value, "****"));
    }
}
