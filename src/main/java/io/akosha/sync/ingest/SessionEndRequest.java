package io.akosha.sync.ingest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Optional body of {@code POST /v1/sessions/{sessionId}/end}; every field may be left out.
 *
 * @param reason why the session ended (Claude Code's SessionEnd {@code reason}), kept with the sync
 * @param cwd    the session's working directory (Claude Code's {@code cwd}), kept with the sync
 */
@RegisterForReflection
public record SessionEndRequest(String systemId, List<String> files, Long conversationCount, String method,
        String reason, String cwd) {

    public static final SessionEndRequest EMPTY = new SessionEndRequest(null, null, null, null, null, null);
}
