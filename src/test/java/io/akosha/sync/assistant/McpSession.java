package io.akosha.sync.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw MCP client over streamable HTTP (JSON-RPC 2.0 in POST requests, on a real socket): {@code initialize}, then
 * every request with the {@code Mcp-Session-Id} the server answered. An answer sent as an event stream is read
 * from its {@code data:} line.
 */
final class McpSession {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String authorization;
    private final AtomicInteger ids = new AtomicInteger();
    private String sessionId;

    McpSession(URI endpoint, String authorization) {
        this.endpoint = endpoint;
        this.authorization = authorization;
    }

    /** {@code initialize} and {@code notifications/initialized}; returns the initialize result. */
    JsonNode initialize() throws Exception {
        ObjectNode params = JSON.createObjectNode().put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "akosha-sync-test").put("version", "1");
        HttpResponse<String> answer = post(request("initialize", params));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("initialize answered " + answer.statusCode() + ": " + answer.body());
        }
        sessionId = answer.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new IllegalStateException("no Mcp-Session-Id: " + answer.headers().map()));
        JsonNode result = body(answer).get("result");
        HttpResponse<String> initialized = post(JSON.createObjectNode().put("jsonrpc", "2.0")
                .put("method", "notifications/initialized"));
        if (initialized.statusCode() != 202) {
            throw new IllegalStateException("notifications/initialized answered " + initialized.statusCode());
        }
        return result;
    }

    String sessionId() {
        return sessionId;
    }

    /** The result of {@code method}; fails on a JSON-RPC error. */
    JsonNode call(String method, JsonNode params) throws Exception {
        HttpResponse<String> answer = post(request(method, params));
        JsonNode body = body(answer);
        if (answer.statusCode() != 200 || body.has("error")) {
            throw new IllegalStateException(method + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return body.get("result");
    }

    /** The result of {@code tools/call}: content, structuredContent, isError. */
    JsonNode tool(String name, String arguments) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("name", name);
        params.set("arguments", JSON.readTree(arguments));
        return call("tools/call", params);
    }

    HttpResponse<String> post(JsonNode message) throws IOException, InterruptedException {
        return post(message, Map.of());
    }

    HttpResponse<String> post(JsonNode message, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ObjectNode request(String method, JsonNode params) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        request.set("params", params);
        return request;
    }

    private static JsonNode body(HttpResponse<String> answer) throws IOException {
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            return JSON.readTree(answer.body());
        }
        JsonNode last = null;
        for (String line : answer.body().split("\n")) {
            if (line.startsWith("data:")) {
                JsonNode event = JSON.readTree(line.substring(5).strip());
                if (event.has("result") || event.has("error")) {
                    last = event;
                }
            }
        }
        if (last == null) {
            throw new IOException("no JSON-RPC answer in the event stream: " + answer.body());
        }
        return last;
    }
}
