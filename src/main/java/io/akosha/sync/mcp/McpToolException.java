package io.akosha.sync.mcp;

import io.akosha.sync.redact.SafeMessage;
import java.io.IOException;

/**
 * Akosha's MCP server answered with a JSON-RPC error or a tool error ({@code isError}): the same call would get the
 * same answer, so it is not retried. The message is Akosha's, sanitised.
 */
public class McpToolException extends IOException implements SafeMessage {

    public McpToolException(String message) {
        super(message);
    }
}
