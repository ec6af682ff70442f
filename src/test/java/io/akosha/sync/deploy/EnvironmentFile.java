package io.akosha.sync.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a file as systemd's {@code EnvironmentFile=} does (systemd.exec(5); the state machine of systemd's
 * {@code env-file.c}): lines starting with {@code #} or {@code ;} are comments (since systemd 254 a comment
 * ending in a backslash does not continue onto the next line; before, it did), {@code KEY=VALUE} with leading and trailing whitespace dropped and interior
 * whitespace kept verbatim, so a {@code # comment} after a value belongs to the value; backslash escapes and line
 * continuation outside quotes; {@code '...'} verbatim; {@code "..."} with the shell's escapes of {@code \ " $ `};
 * a line without {@code =} is ignored, and so is an assignment whose name is not a valid variable name.
 */
public final class EnvironmentFile {

    private static final String WHITESPACE = " \t\n\r";
    private static final String NEWLINE = "\n\r";
    private static final String COMMENTS = "#;";
    private static final String SHELL_NEED_ESCAPE = "\"\\`$";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private enum State {
        PRE_KEY, KEY, PRE_VALUE, VALUE, VALUE_ESCAPE, SINGLE_QUOTE_VALUE, DOUBLE_QUOTE_VALUE,
        DOUBLE_QUOTE_VALUE_ESCAPE, COMMENT, COMMENT_ESCAPE
    }

    private EnvironmentFile() {
    }

    /** The assignments in file order; a later assignment of a name replaces the earlier one, as in systemd. */
    public static Map<String, String> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        State state = State.PRE_KEY;
        StringBuilder key = new StringBuilder();
        StringBuilder value = new StringBuilder();
        int lastKeyWhitespace = -1;
        int lastValueWhitespace = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (state) {
                case PRE_KEY -> {
                    if (is(COMMENTS, c)) {
                        state = State.COMMENT;
                    } else if (!is(WHITESPACE, c)) {
                        state = State.KEY;
                        lastKeyWhitespace = -1;
                        key.append(c);
                    }
                }
                case KEY -> {
                    if (is(NEWLINE, c)) { // no '=': ignored
                        state = State.PRE_KEY;
                        key.setLength(0);
                    } else if (c == '=') {
                        state = State.PRE_VALUE;
                        lastValueWhitespace = -1;
                    } else {
                        if (!is(WHITESPACE, c)) {
                            lastKeyWhitespace = -1;
                        } else if (lastKeyWhitespace < 0) {
                            lastKeyWhitespace = key.length();
                        }
                        key.append(c);
                    }
                }
                case PRE_VALUE -> {
                    if (is(NEWLINE, c)) {
                        state = State.PRE_KEY;
                        push(env, key, lastKeyWhitespace, value, -1);
                    } else if (c == '\'') {
                        state = State.SINGLE_QUOTE_VALUE;
                    } else if (c == '"') {
                        state = State.DOUBLE_QUOTE_VALUE;
                    } else if (c == '\\') {
                        state = State.VALUE_ESCAPE;
                    } else if (!is(WHITESPACE, c)) {
                        state = State.VALUE;
                        value.append(c);
                    }
                }
                case VALUE -> {
                    if (is(NEWLINE, c)) {
                        state = State.PRE_KEY;
                        push(env, key, lastKeyWhitespace, value, lastValueWhitespace);
                    } else if (c == '\\') {
                        state = State.VALUE_ESCAPE;
                        lastValueWhitespace = -1;
                    } else {
                        if (!is(WHITESPACE, c)) {
                            lastValueWhitespace = -1;
                        } else if (lastValueWhitespace < 0) {
                            lastValueWhitespace = value.length();
                        }
                        value.append(c);
                    }
                }
                case VALUE_ESCAPE -> {
                    state = State.VALUE;
                    if (!is(NEWLINE, c)) { // an escaped newline is eaten whole
                        value.append(c);
                    }
                }
                case SINGLE_QUOTE_VALUE -> {
                    if (c == '\'') {
                        state = State.PRE_VALUE;
                    } else {
                        value.append(c);
                    }
                }
                case DOUBLE_QUOTE_VALUE -> {
                    if (c == '"') {
                        state = State.PRE_VALUE;
                    } else if (c == '\\') {
                        state = State.DOUBLE_QUOTE_VALUE_ESCAPE;
                    } else {
                        value.append(c);
                    }
                }
                case DOUBLE_QUOTE_VALUE_ESCAPE -> {
                    state = State.DOUBLE_QUOTE_VALUE;
                    if (is(SHELL_NEED_ESCAPE, c)) {
                        value.append(c);
                    } else if (c != '\n') { // other escapes keep their backslash, like the shell
                        value.append('\\').append(c);
                    }
                }
                case COMMENT -> {
                    if (c == '\\') {
                        state = State.COMMENT_ESCAPE;
                    } else if (is(NEWLINE, c)) {
                        state = State.PRE_KEY;
                    }
                }
                case COMMENT_ESCAPE -> state = is(NEWLINE, c) ? State.PRE_KEY : State.COMMENT;
                default -> throw new IllegalStateException(state.name());
            }
        }
        switch (state) {
            case PRE_VALUE, VALUE, VALUE_ESCAPE, SINGLE_QUOTE_VALUE, DOUBLE_QUOTE_VALUE, DOUBLE_QUOTE_VALUE_ESCAPE ->
                push(env, key, lastKeyWhitespace, value, state == State.VALUE ? lastValueWhitespace : -1);
            default -> {
            }
        }
        return env;
    }

    private static void push(Map<String, String> env, StringBuilder key, int keyWhitespace, StringBuilder value,
            int valueWhitespace) {
        String name = keyWhitespace >= 0 ? key.substring(0, keyWhitespace) : key.toString();
        String v = valueWhitespace >= 0 ? value.substring(0, valueWhitespace) : value.toString();
        if (NAME.matcher(name).matches()) { // systemd ignores an invalid assignment (with a warning)
            env.put(name, v);
        }
        key.setLength(0);
        value.setLength(0);
    }

    private static boolean is(String set, char c) {
        return set.indexOf(c) >= 0;
    }
}
