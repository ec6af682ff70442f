package io.akosha.sync.ingest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Optional body of {@code POST /v1/sessions/{sessionId}/end}; every field may be left out. */
@RegisterForReflection
public record SessionEndRequest(String systemId, List<String> files, Long conversationCount, String method) {

    public static final SessionEndRequest EMPTY = new SessionEndRequest(null, null, null, null);
}
