package io.akosha.sync.ingest;

import io.akosha.sync.snapshot.SourceConfig;
import io.akosha.sync.snapshot.SourceFiles;
import io.akosha.sync.sync.SessionEnd;
import io.akosha.sync.sync.UploadIds;
import io.akosha.sync.sync.SystemIdentity;
import io.akosha.sync.pipeline.SyncQueue;
import io.akosha.sync.problem.ProblemException;
import io.akosha.sync.sync.SyncMethod;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.lifecycle.Threads;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Validates a session end, makes it durable and puts it on the pipeline's channel. Validation, the look-up of a known
 * session end and admission are cheap and run on the calling (event-loop) thread, so a refusal or a repeated session
 * end is answered at once, also in a burst; only the journal append (write + the shared fsync) runs on the
 * {@code akosha-accept} threads, and never on Quarkus' worker pool, which stays free for health checks and the other
 * resources. Appends in flight count towards {@code akosha.intake.max-pending}.
 */
@ApplicationScoped
public class SyncAcceptor {

    private static final Logger LOG = Logger.getLogger(SyncAcceptor.class);
    static final long MAX_CONVERSATIONS = 1_000_000;
    static final int MAX_REASON = 64;
    static final int MAX_CWD = 4096;

    private final SourceConfig config;
    private final SystemIdentity identity;
    private final DataFiles dataFiles;
    private final SourceFiles sources;
    private final SyncRegistry registry;
    private final SyncQueue queue;
    private final Intake intake;
    private final Clock clock = Clock.systemUTC();
    /** Group commit: the more appends wait for one fsync, the more records it covers. */
    static final int APPEND_THREADS = 256;
    private final ThreadPoolExecutor appends = new ThreadPoolExecutor(APPEND_THREADS, APPEND_THREADS, 10,
            TimeUnit.SECONDS, new LinkedBlockingQueue<>(), Threads.numberedDaemons("akosha-accept-"));
    private final AtomicInteger inFlight = new AtomicInteger();

    public SyncAcceptor(SourceConfig config, SystemIdentity identity, DataFiles dataFiles, SourceFiles sources,
            SyncRegistry registry, SyncQueue queue, Intake intake) {
        this.intake = intake;
        this.config = config;
        this.identity = identity;
        this.dataFiles = dataFiles;
        this.sources = sources;
        this.registry = registry;
        this.queue = queue;
        appends.allowCoreThreadTimeOut(true);
    }

    @PreDestroy
    void stop() {
        appends.shutdown();
    }

    /**
     * The sync for this session end, created, durable and queued unless it repeats the session's latest sync (the
     * same files in the same state). Throws the problem when the session end is invalid or cannot be taken now; the
     * stage fails with one when the journal cannot record it.
     */
    public CompletionStage<SyncRegistry.Accepted> accept(String sessionId, SessionEndRequest request) {
        SessionEndRequest body = request == null ? SessionEndRequest.EMPTY : request;
        String idProblem = Ids.sessionIdProblem(sessionId);
        if (idProblem != null) {
            throw ProblemException.badRequest(idProblem);
        }
        String systemId = body.systemId() == null ? identity.defaultSystemId() : body.systemId();
        if (!Ids.validId(systemId)) {
            throw ProblemException.badRequest("system_id must match " + Ids.ID.pattern());
        }
        SyncMethod method = SyncMethod.AUTO;
        if (body.method() != null) {
            method = SyncMethod.fromWire(body.method());
            if (method == null) {
                throw ProblemException.badRequest("method must be one of auto, cloud, http");
            }
        }
        if (config.forceMethod() != SyncMethod.AUTO) {
            method = config.forceMethod();
        }
        long conversations = body.conversationCount() == null ? 0 : body.conversationCount();
        if (conversations < 0 || conversations > MAX_CONVERSATIONS) {
            throw ProblemException.badRequest("conversation_count must be between 0 and " + MAX_CONVERSATIONS);
        }

        String reason = text(body.reason(), MAX_REASON, "reason");
        String cwd = text(body.cwd(), MAX_CWD, "cwd");

        List<String> files = dataFiles.select(body.files());
        SessionEnd end = new SessionEnd(reason, cwd, filesState(files), null);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SyncRecord candidate = SyncRecord.accepted(UUID.randomUUID().toString(), sessionId, systemId,
                UploadIds.of(now, sessionId), method, conversations, files, now, end);
        var known = registry.findSettledBySession(candidate.sessionKey());
        if (known.isPresent() && candidate.repeats(known.get())) {
            return CompletableFuture.completedFuture(new SyncRegistry.Accepted(known.get(), false));
        }
        intake.admit(files, inFlight.get());
        inFlight.incrementAndGet();
        Context caller = Vertx.currentContext();
        CompletableFuture<SyncRegistry.Accepted> result = new CompletableFuture<>();
        appends.execute(() -> {
            try {
                result.complete(record(candidate, caller));
            } catch (RuntimeException e) {
                result.completeExceptionally(e); // the problem itself, not wrapped: the mappers answer it
            } finally {
                inFlight.decrementAndGet();
            }
        });
        return result;
    }

    /** A free-text field of the event: printable, at most {@code max} characters; null when left out. */
    private static String text(String value, int max, String field) {
        if (value == null) {
            return null;
        }
        if (value.length() > max || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ProblemException.badRequest(field + " must be at most " + max + " characters, without control "
                    + "characters");
        }
        return value;
    }

    private String filesState(List<String> files) {
        try {
            return sources.state(files);
        } catch (IOException e) {
            throw ProblemException.unprocessable("the files to sync cannot be read: " + e.getMessage());
        }
    }

    /**
     * Appends the sync; a new one is put on the channel from the request's Vert.x context, as the resource did: the
     * pipeline's log lines carry the sync's ids only then (the MDC lives in the Vert.x context).
     */
    private SyncRegistry.Accepted record(SyncRecord candidate, Context caller) {
        String sessionId = candidate.sessionId();
        SyncRegistry.Accepted accepted;
        try {
            accepted = registry.accept(candidate);
        } catch (UncheckedIOException e) {
            LOG.errorf("Session end %s not recorded: %s", sessionId, e.getMessage());
            throw intake.notRecorded(e);
        }
        if (accepted.created()) {
            String syncId = accepted.record().syncId();
            LOG.debugf("Sync %s accepted for session %s", syncId, sessionId);
            if (caller == null) {
                queue.enqueue(syncId);
            } else {
                caller.runOnContext(v -> queue.enqueue(syncId));
            }
        }
        return accepted;
    }
}
