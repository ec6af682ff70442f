package io.akosha.sync.sync;

import io.akosha.sync.redact.Redactor;
import io.akosha.sync.redact.SafeMessage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Short, client-safe description of why a sync failed: no stack trace, no request signature, no key. */
public final class Failures {

    private Failures() {
    }

    /** Whether {@code e} or one of its causes says the thread was interrupted (a stop, or a timeout). */
    public static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} or one of its causes is the file system saying it is full (ENOSPC). */
    public static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("No space left")) {
                return true;
            }
        }
        return false;
    }

    /** The description, with anything secret-looking masked (an exception message may quote a URL or a header). */
    public static String describe(Throwable e) {
        return Redactor.redact(reason(e));
    }

    private static String reason(Throwable e) {
        if (e instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            return "storage answered HTTP " + aws.statusCode() + (code == null ? "" : " " + code);
        }
        if (e instanceof SdkClientException) {
            Throwable cause = e.getCause();
            return "storage unreachable" + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")");
        }
        if (e instanceof SafeMessage known) {
            return known.getMessage();
        }
        if (e instanceof UncheckedIOException u) {
            return reason(u.getCause());
        }
        if (e instanceof TimeoutException) {
            return "timed out";
        }
        if (e instanceof CircuitBreakerOpenException) {
            return "circuit breaker open after repeated failures";
        }
        if (e instanceof IOException) {
            return "I/O error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage());
        }
        return "internal error: " + e.getClass().getSimpleName();
    }
}
