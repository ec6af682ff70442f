package io.akosha.sync.hook;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/** Text from stdin or from an answer, made safe for one line of standard error: no control characters, bounded. */
final class Printable {

    private static final int MAX = 300;
    /** What Jackson puts in a location instead of the input, which it does not show: noise in a message. */
    private static final Pattern HIDDEN_SOURCE = Pattern.compile("Source: REDACTED \\(`[^`]*` disabled\\); ");

    private Printable() {
    }

    static String of(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < MAX; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return value.length() > MAX ? sb + "…" : sb.toString();
    }

    /** Jackson's reason, without the exception's own location text. */
    static String of(JsonProcessingException e) {
        return of(HIDDEN_SOURCE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll(""));
    }
}
