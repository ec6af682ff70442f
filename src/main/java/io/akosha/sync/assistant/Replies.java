package io.akosha.sync.assistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.problem.ProblemException;
import io.akosha.sync.redact.Redactor;
import io.akosha.sync.sync.Failures;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * What a tool answers: structured content (a JSON object) and a one-line text summary; an error is a tool error
 * ({@code isError: true}) with one line of text, never a stack trace, with anything secret-looking masked.
 */
final class Replies {

    private Replies() {
    }

    static ToolResponse success(String summary, ObjectNode structured) {
        return new ToolResponse(false, List.of(new TextContent(line(summary))), structured, null);
    }

    /** A tool error that still carries what was found (a restore that failed: its report). */
    static ToolResponse failure(String summary, ObjectNode structured) {
        return new ToolResponse(true, List.of(new TextContent(line(summary))), structured, null);
    }

    static ToolResponse error(String message) {
        return ToolResponse.error(line(message));
    }

    /** The tool error for a failure: the problem's detail (as the API gives it) or a described exception. */
    static ToolResponse error(Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof ProblemException problem) {
            return error(problem.getMessage());
        }
        return error(Failures.describe(e));
    }

    private static String line(String text) {
        String masked = Redactor.redact(text == null ? "" : text);
        return masked.replaceAll("[\\r\\n]+", " ").strip();
    }
}
