package io.akosha.sync.ingest;

import io.akosha.sync.redact.Redactor;
import java.util.regex.Pattern;

/** Akosha's id rules. */
public final class Ids {

    /** Session ids and system ids. */
    public static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    /** Names of files in the data directory and of stored objects. */
    public static final Pattern FILE_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,200}$");

    private Ids() {
    }

    public static boolean validId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** Why {@code name} is not a plain file name, or null when it is one. */
    public static String fileNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "file names must not be empty";
        }
        if (name.startsWith("/") || name.startsWith("\\") || (name.length() > 1 && name.charAt(1) == ':')) {
            return "file '" + Redactor.printable(name) + "' is an absolute path; name a file inside the data directory";
        }
        if (name.contains("..")) {
            return "file '" + Redactor.printable(name) + "' contains '..'; name a file inside the data directory";
        }
        if (!FILE_NAME.matcher(name).matches() || name.equals(".")) {
            return "file '" + Redactor.printable(name) + "' is not a plain file name (letters, digits, '.', '_', '-')";
        }
        return null;
    }

}
