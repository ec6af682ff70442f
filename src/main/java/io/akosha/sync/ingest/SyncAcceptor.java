package io.akosha.sync.ingest;

import io.akosha.sync.pipeline.SyncQueue;
import io.akosha.sync.problem.ProblemException;
import io.akosha.sync.sync.SyncMethod;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Validates a session end, makes it durable and puts it on the pipeline's channel. */
@ApplicationScoped
public class SyncAcceptor {

    private static final Logger LOG = Logger.getLogger(SyncAcceptor.class);
    static final long MAX_CONVERSATIONS = 1_000_000;
    private static final DateTimeFormatter UPLOAD_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final SourceConfig config;
    private final SystemIdentity identity;
    private final DataFiles dataFiles;
    private final SyncRegistry registry;
    private final SyncQueue queue;
    private final Intake intake;
    private final Clock clock = Clock.systemUTC();

    public SyncAcceptor(SourceConfig config, SystemIdentity identity, DataFiles dataFiles, SyncRegistry registry,
            SyncQueue queue, Intake intake) {
        this.intake = intake;
        this.config = config;
        this.identity = identity;
        this.dataFiles = dataFiles;
        this.registry = registry;
        this.queue = queue;
    }

    /** Returns the sync for this session end, creating and queueing it the first time. */
    public SyncRegistry.Accepted accept(String sessionId, SessionEndRequest request) {
        SessionEndRequest body = request == null ? SessionEndRequest.EMPTY : request;
        if (!Ids.validId(sessionId)) {
            throw ProblemException.badRequest("sessionId must match " + Ids.ID.pattern());
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

        var known = registry.findBySession(SyncRecord.sessionKey(systemId, sessionId));
        if (known.isPresent()) {
            return new SyncRegistry.Accepted(known.get(), false);
        }
        List<String> files = dataFiles.select(body.files());
        intake.admit(files);

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SyncRecord candidate = new SyncRecord(UUID.randomUUID().toString(), sessionId, systemId,
                UPLOAD_TIME.format(now) + "_" + sessionId, method, null, SyncStatus.QUEUED, 0, conversations, files,
                List.of(), null, null, now, now, null, null, List.of());
        SyncRegistry.Accepted accepted;
        try {
            accepted = registry.accept(candidate);
        } catch (UncheckedIOException e) {
            LOG.errorf("Session end %s not recorded: %s", sessionId, e.getMessage());
            throw intake.notRecorded(e);
        }
        if (accepted.created()) {
            LOG.debugf("Sync %s accepted for session %s", candidate.syncId(), sessionId);
            queue.enqueue(candidate.syncId());
        }
        return accepted;
    }
}
