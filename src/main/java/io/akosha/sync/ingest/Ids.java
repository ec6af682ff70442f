package io.akosha.sync.ingest;

import io.akosha.sync.redact.Redactor;
import java.util.regex.Pattern;

/** Akosha's id rules, and the names and patterns of the files a sync takes. */
public final class Ids {

    /** System ids. */
    public static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    /**
     * Session ids: Claude Code's UUIDs and session-buddy's {@code {project}-{yyyyMMdd}-{HHmmss}}, whose project names
     * may hold dots; never {@code ..} ({@link #sessionIdProblem}), so no id can name a parent directory or a key
     * segment of dots.
     */
    public static final Pattern SESSION_ID = Pattern.compile("^[A-Za-z0-9_.-]{1,128}$");
    /** Names of files in the data directory and of stored objects. */
    public static final Pattern FILE_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,200}$");
    /** Glob patterns of {@code akosha.files}: a file name that may hold {@code * ? [ ] !}. */
    private static final Pattern FILE_PATTERN = Pattern.compile("^[A-Za-z0-9_.*?\\[\\]!-]{1,200}$");

    private Ids() {
    }

    public static boolean validId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** Why {@code id} is not a session id, or null when it is one. */
    public static String sessionIdProblem(String id) {
        if (id == null || !SESSION_ID.matcher(id).matches()) {
            return "sessionId must be 1 to 128 letters, digits, '.', '_' or '-' (" + SESSION_ID.pattern() + ")";
        }
        if (id.contains("..") || id.equals(".")) {
            return "sessionId must not contain '..' or be '.'";
        }
        return null;
    }

    /** Why {@code name} is not a plain file name, or null when it is one. */
    public static String fileNameProblem(String name) {
        return nameProblem(name, FILE_NAME, "is not a plain file name (letters, digits, '.', '_', '-')");
    }

    /** Why {@code pattern} is neither a plain file name nor a glob pattern of one, or null. */
    public static String filePatternProblem(String pattern) {
        return nameProblem(pattern, FILE_PATTERN,
                "is neither a plain file name nor a glob pattern of one (letters, digits, '.', '_', '-', '*', '?', [...])");
    }

    private static String nameProblem(String name, Pattern rule, String notPlain) {
        if (name == null || name.isEmpty()) {
            return "file names must not be empty";
        }
        if (name.startsWith("/") || name.startsWith("\\") || (name.length() > 1 && name.charAt(1) == ':')) {
            return "file '" + Redactor.printable(name) + "' is an absolute path; name a file inside the data directory";
        }
        if (name.contains("..")) {
            return "file '" + Redactor.printable(name) + "' contains '..'; name a file inside the data directory";
        }
        if (!rule.matcher(name).matches() || name.equals(".")) {
            return "file '" + Redactor.printable(name) + "' " + notPlain;
        }
        return null;
    }
}
