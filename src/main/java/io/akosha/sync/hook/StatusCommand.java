package io.akosha.sync.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.cli.AppVersion;
import io.akosha.sync.cli.PositiveInteger;
import io.akosha.sync.redact.Redactor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code akosha-sync status}: the running sidecar's syncs, newest first, after one summary line (how many are pending,
 * how many parked, when the last was delivered). It asks the sidecar's API ({@code GET /v1/syncs}), so it shows what
 * the sidecar knows now, and runs without starting the application. Exit 0 when the sidecar answered, 1 otherwise.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = AppVersion.class,
        description = "Show the running sidecar's syncs, newest first, after a summary line: pending, parked, last "
                + "delivered. The token comes from AKOSHA_API_TOKEN or AKOSHA_API_TOKEN_FILE.")
public final class StatusCommand implements Callable<Integer> {

    /** A sync on its way: accepted and not yet delivered or parked. */
    static final List<String> PENDING = List.of("queued", "snapshotting", "uploading", "falling_back");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;

    @Option(names = "--url", paramLabel = "URL",
            description = "The sidecar (default: AKOSHA_SYNC_URL, else " + HookCommand.DEFAULT_URL + ").")
    String url;

    @Option(names = "--limit", paramLabel = "N", converter = PositiveInteger.class, defaultValue = "20",
            description = "Show at most N syncs (default: ${DEFAULT-VALUE}; the API gives at most 200).")
    int limit;

    @Option(names = "--json", description = "Print the summary and the syncs as one JSON object.")
    boolean json;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    public StatusCommand() {
        this(System.getenv(), System.out, System.err);
    }

    StatusCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        String target = url != null ? url : env.getOrDefault("AKOSHA_SYNC_URL", HookCommand.DEFAULT_URL);
        URI base;
        try {
            base = HookCommand.sidecarUri(target);
        } catch (URISyntaxException e) {
            return failed("the sidecar URL " + Printable.of(target) + " is not an http:// URL");
        }
        ApiToken token = ApiToken.from(env);
        try {
            JsonNode syncs = page(base, token, null, Math.min(limit, 200));
            long pending = 0;
            for (String status : PENDING) {
                pending += page(base, token, status, 1).path("total").asLong();
            }
            long parked = page(base, token, "parked", 1).path("total").asLong();
            JsonNode last = page(base, token, "delivered", 1).path("items").path(0);
            print(base, syncs, pending, parked, last);
            return 0;
        } catch (Refused e) {
            return failed("the sidecar at " + base + " refused: " + e.getMessage()
                    + (e.status == 401 ? " (" + token.whenRefused() + ")" : ""));
        } catch (ConnectException e) {
            return failed("no sidecar answers at " + base + " (" + Printable.of(String.valueOf(e.getMessage()))
                    + "); start it with `akosha-sync serve`, or give its address with --url");
        } catch (IOException | RuntimeException e) {
            return failed("the sidecar at " + base + " cannot be reached (" + Printable.of(e.getClass()
                    .getSimpleName() + ": " + e.getMessage()) + ")");
        }
    }

    private JsonNode page(URI base, ApiToken token, String status, int size) throws IOException {
        SidecarCall.Exchange answer = SidecarCall.get(base, "/v1/syncs?size=" + size
                + (status == null ? "" : "&status=" + status), token, TIMEOUT, MAX_ANSWER_BYTES);
        if (answer.status() != 200) {
            SidecarAnswer refused = SidecarAnswer.of(answer.status(), answer.reason(), answer.retryAfter(),
                    answer.body());
            throw new Refused(answer.status(), refused.describe());
        }
        return HookJson.MAPPER.readTree(answer.body());
    }

    private void print(URI base, JsonNode syncs, long pending, long parked, JsonNode last) {
        if (json) {
            ObjectNode root = HookJson.MAPPER.createObjectNode().put("url", base.toString()).put("pending", pending)
                    .put("parked", parked).put("total", syncs.path("total").asLong());
            if (last.isMissingNode()) {
                root.putNull("last_delivered");
            } else {
                root.putObject("last_delivered").put("sync_id", last.path("sync_id").asText())
                        .put("session_id", last.path("session_id").asText())
                        .put("delivered_at", last.path("delivered_at").asText());
            }
            root.set("syncs", syncs.path("items").isArray() ? syncs.get("items") : HookJson.MAPPER.createArrayNode());
            out.println(root);
            return;
        }
        out.println("akosha-sync at " + base + ": " + pending + " pending, " + parked + " parked, "
                + (last.isMissingNode() ? "none delivered yet"
                        : "last delivered " + last.path("delivered_at").asText() + " (session "
                                + Printable.of(last.path("session_id").asText()) + ")"));
        ArrayNode items = syncs.path("items").isArray() ? (ArrayNode) syncs.get("items")
                : HookJson.MAPPER.createArrayNode();
        for (JsonNode s : items) {
            String error = s.path("error").asText("");
            out.printf("%-24s %-12s %-36s %s%s%n", s.path("created_at").asText(), s.path("status").asText(),
                    s.path("sync_id").asText(), Printable.of(s.path("session_id").asText()),
                    error.isEmpty() ? "" : "  " + Printable.of(error));
        }
        long total = syncs.path("total").asLong();
        if (total > items.size()) {
            out.println("(" + items.size() + " of " + total + " shown; --limit N shows more)");
        }
    }

    private int failed(String problem) {
        err.println(Redactor.redact("akosha-sync status: " + problem));
        return 1;
    }

    /** A non-200 answer of the API. */
    private static final class Refused extends IOException {
        private final int status;

        Refused(int status, String description) {
            super(description);
            this.status = status;
        }
    }
}
