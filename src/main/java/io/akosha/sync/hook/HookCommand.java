package io.akosha.sync.hook;

import io.akosha.sync.cli.AppVersion;
import io.akosha.sync.redact.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code akosha-sync hook}: Claude Code's {@code SessionEnd} hook. Reads the event from stdin and posts the session
 * end to the sidecar, all within {@link #BUDGET} from the command's start (the native executable starts in
 * milliseconds; a JVM adds its own start before). It must never hold up or fail the session, so it exits 0 whatever
 * happens, and says in one line on stderr when the session end was not accepted.
 */
@Command(name = "hook", mixinStandardHelpOptions = true, versionProvider = AppVersion.class,
        description = "Claude Code's SessionEnd hook: reads the hook's JSON on stdin and tells the sidecar that the "
                + "session ended, within 2 s. Always exits 0; says on stderr when the end was not accepted. The "
                + "token comes from AKOSHA_API_TOKEN or AKOSHA_API_TOKEN_FILE.")
public final class HookCommand implements Callable<Integer> {

    static final Duration BUDGET = Duration.ofSeconds(2);
    static final String DEFAULT_URL = "http://127.0.0.1:8750";
    private static final String WITHIN = BUDGET.toSeconds() + " s";

    @Option(names = "--url", paramLabel = "URL",
            description = "The sidecar (default: AKOSHA_SYNC_URL, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--verbose", description = "Say on stdout which sync took the session end.")
    boolean verbose;

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final long started = System.nanoTime();

    public HookCommand() {
        this(System.getenv(), System.in, System.out, System.err);
    }

    HookCommand(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Always 0: the hook never fails the session. */
    @Override
    public Integer call() {
        long deadline = started + BUDGET.toNanos();
        String url = this.url != null ? this.url : env.getOrDefault("AKOSHA_SYNC_URL", DEFAULT_URL);
        URI base;
        try {
            base = sidecarUri(url);
        } catch (URISyntaxException e) {
            return notSynced(null, "the sidecar URL " + Printable.of(url) + " is not an http:// URL");
        }
        // stdin and the call run on a daemon thread, so that nothing (a stdin never closed, a host name that takes
        // long to resolve, a sidecar that trickles its answer) keeps the hook past its budget
        AtomicReference<String> sessionId = new AtomicReference<>();
        CompletableFuture<Outcome> attempt = CompletableFuture.supplyAsync(() -> attempt(base, deadline, sessionId),
                runnable -> {
                    Thread thread = new Thread(runnable, "akosha-sync-hook");
                    thread.setDaemon(true);
                    thread.start();
                });
        Outcome outcome;
        try {
            outcome = attempt.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String reason = sessionId.get() == null ? "stdin gave no SessionEnd JSON within " + WITHIN
                    : "the sidecar at " + base + " gave no answer within " + WITHIN;
            outcome = new Outcome(sessionId.get(), null, reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new Outcome(sessionId.get(), null, "interrupted");
        } catch (ExecutionException e) {
            outcome = new Outcome(sessionId.get(), null, "failed: " + Printable.of(String.valueOf(e.getCause())));
        }
        if (outcome.problem() != null) {
            return notSynced(outcome.sessionId(), outcome.problem());
        }
        if (verbose) {
            out.println("akosha-sync hook: session " + Printable.of(outcome.sessionId()) + " accepted as sync "
                    + outcome.syncId());
        }
        return 0;
    }

    private Outcome attempt(URI base, long deadline, AtomicReference<String> sessionId) {
        HookInput input;
        try {
            input = HookInput.read(in);
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(null, null, "stdin is not Claude Code's SessionEnd JSON: " + Printable.of(
                    String.valueOf(e.getMessage())));
        }
        sessionId.set(input.sessionId());
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        String sidecar = "the sidecar at " + base;
        ApiToken token = ApiToken.from(env);
        try {
            SidecarAnswer answer = SidecarCall.post(base, input.sessionId(), input.body(), token, left);
            if (answer.accepted()) {
                return new Outcome(input.sessionId(), answer.syncId() + answer.reason(), null);
            }
            String hint = answer.status() == 401 ? " (" + token.whenRefused() + ")" : "";
            return new Outcome(input.sessionId(), null, sidecar + " refused the session end: " + answer.describe()
                    + hint);
        } catch (ConnectException e) {
            String why = String.valueOf(e.getMessage());
            return new Outcome(input.sessionId(), null, why.toLowerCase().contains("refused")
                    ? sidecar + " is not running (connection refused)"
                    : sidecar + " cannot be reached (" + Printable.of(why) + ")");
        } catch (SocketTimeoutException e) {
            return new Outcome(input.sessionId(), null, sidecar + " gave no answer within " + WITHIN);
        } catch (UnknownHostException e) {
            return new Outcome(input.sessionId(), null, sidecar + " cannot be reached (unknown host "
                    + Printable.of(String.valueOf(e.getMessage())) + ")");
        } catch (IOException | RuntimeException e) {
            return new Outcome(input.sessionId(), null, sidecar + " cannot be reached (" + Printable.of(
                    e.getClass().getSimpleName() + ": " + e.getMessage()) + ")");
        }
    }

    static URI sidecarUri(String url) throws URISyntaxException {
        URI uri = new URI(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new URISyntaxException(url, "not an http URL");
        }
        return uri;
    }

    private int notSynced(String sessionId, String problem) {
        String session = sessionId == null ? "session end" : "session " + Printable.of(sessionId);
        err.println(Redactor.redact("akosha-sync hook: " + session + " not synced: " + problem));
        return 0;
    }

    /** Accepted (the sync id, with whether it repeats or follows an earlier sync) or not (the reason). */
    private record Outcome(String sessionId, String syncId, String problem) {
    }
}
