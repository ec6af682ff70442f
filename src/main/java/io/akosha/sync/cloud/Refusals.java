package io.akosha.sync.cloud;

import io.akosha.sync.redact.Redactor;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * What the sync status and readiness say when the store refused a request for good: its error code, HTTP status and
 * own message (e.g. {@code the store refused the request: NotImplemented (HTTP 501): Server-side encryption is not
 * supported}), or, for a missing bucket, its name ({@code bucket 'x' does not exist (NoSuchBucket)}). The store's
 * message is redacted, reduced to printable characters on one line and cut at {@value #MAX_MESSAGE} characters; the
 * SDK's own message (request id, extended request id) is never used.
 */
final class Refusals {

    static final int MAX_MESSAGE = 200;
    private static final int MAX_CODE = 64;
    private static final int MAX_BUCKET = 63; // S3's longest bucket name

    private Refusals() {
    }

    static String describe(AwsServiceException aws, String code, String bucket) {
        if (bucket != null && missingBucket(aws, code)) {
            return "bucket '" + oneLine(bucket, MAX_BUCKET) + "' does not exist (NoSuchBucket)";
        }
        String shownCode = oneLine(code, MAX_CODE);
        String answer = shownCode.isEmpty() ? "HTTP " + aws.statusCode()
                : shownCode + " (HTTP " + aws.statusCode() + ")";
        String message = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorMessage();
        String shownMessage = message == null ? "" : oneLine(Redactor.redact(message), MAX_MESSAGE);
        return "the store refused the request: " + answer + (shownMessage.isEmpty() ? "" : ": " + shownMessage);
    }

    /** NoSuchBucket in the body, or a 404 to HeadBucket (a HEAD answer has no body: the SDK names the type). */
    private static boolean missingBucket(AwsServiceException aws, String code) {
        return "NoSuchBucket".equals(code) || aws instanceof NoSuchBucketException;
    }

    /** Printable ASCII on one line (runs of whitespace and control characters become one space), cut at {@code max}. */
    static String oneLine(String text, int max) {
        StringBuilder sb = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x20 && c < 0x7f) {
                if (space && !sb.isEmpty()) {
                    sb.append(' ');
                }
                space = false;
                sb.append(c);
            } else {
                space = true;
            }
        }
        return sb.length() > max ? sb.substring(0, max) + "…" : sb.toString();
    }
}
