package io.akosha.sync.redact;

/**
 * Stand-in for an exception whose message (or a cause's) held a secret: the message is masked, the class name
 * of the original and its stack trace are kept, so the log still says what failed where.
 */
final class RedactedException extends RuntimeException {

    static final int MAX_DEPTH = 16;

    private final String originalClass;

    private RedactedException(Throwable original, Throwable cause) {
        super(Redactor.redact(original.getMessage()), cause, true, true);
        this.originalClass = original.getClass().getName();
        setStackTrace(original.getStackTrace());
    }

    static Throwable copyOf(Throwable original, int depth) {
        Throwable cause = original.getCause();
        Throwable copiedCause = cause == null || cause == original || depth >= MAX_DEPTH ? null
                : copyOf(cause, depth + 1);
        RedactedException copy = new RedactedException(original, copiedCause);
        for (Throwable suppressed : original.getSuppressed()) {
            if (depth < MAX_DEPTH) {
                copy.addSuppressed(copyOf(suppressed, depth + 1));
            }
        }
        return copy;
    }

    /** The original class name: stack traces read as they would have, with the message masked. */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClass : originalClass + ": " + message;
    }
}
